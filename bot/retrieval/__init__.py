"""Finding the passages of a call that answer a question: stemmed BM25 over windows of consecutive segments."""
