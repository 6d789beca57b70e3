"""Voice profiles across calls: /people lists, renames, merges and deletes them."""
