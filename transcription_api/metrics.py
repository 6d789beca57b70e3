"""Prometheus metrics of the service, in a registry of its own (one per app)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily
from prometheus_client.registry import Collector

from transcription_api.jobs.interfaces import JobBook
from transcription_api.jobs.models import Job, JobStatus


class ServiceMetrics:
    """Counters the routes and the worker update; queue sizes are read from the store at scrape time."""

    def __init__(self, store: JobBook) -> None:
        self.registry = CollectorRegistry()
        self.submitted = Counter("transcription_jobs_submitted", "Jobs accepted", ["endpoint"], registry=self.registry)
        self.finished = Counter(
            "transcription_jobs_finished", "Jobs that ended, by outcome", ["status"], registry=self.registry
        )
        self.rejected = Counter(
            "transcription_uploads_rejected", "Uploads refused, by HTTP status", ["code"], registry=self.registry
        )
        self.uploaded_bytes = Counter("transcription_upload_bytes", "Bytes uploaded", registry=self.registry)
        self.audio_seconds = Counter(
            "transcription_audio_seconds", "Seconds of audio transcribed", registry=self.registry
        )
        self.processing = Histogram(
            "transcription_job_processing_seconds",
            "Wall time of a job in the worker",
            registry=self.registry,
            buckets=(1, 2, 5, 10, 30, 60, 120, 300, 600, 1200, 3600),
        )
        self.speed = Gauge(
            "transcription_last_real_time_factor",
            "Audio seconds per processing second, last job",
            registry=self.registry,
        )
        jobs = Gauge("transcription_jobs", "Jobs in the store, by status", ["status"], registry=self.registry)
        for status in JobStatus:
            jobs.labels(status.value).set_function(_count_reader(store, status.value))

    def watch_engine(self, asr_audio_seconds: Callable[[], float]) -> None:
        """Expose how much audio the engine of this process gave to speech recognition (diarization-only jobs add
        nothing to it)."""
        self.registry.register(_AsrSeconds(asr_audio_seconds))

    def job_finished(self, job: Job, status: str, audio_seconds: float, elapsed: float) -> None:
        self.finished.labels(status).inc()
        self.processing.observe(elapsed)
        if status == JobStatus.COMPLETED and elapsed > 0:
            self.audio_seconds.inc(audio_seconds)
            self.speed.set(audio_seconds / elapsed)

    def render(self) -> bytes:
        return generate_latest(self.registry)


def _count_reader(store: JobBook, status: str) -> Callable[[], float]:
    def read() -> float:
        return float(store.counts().get(status, 0))

    return read


class _AsrSeconds(Collector):
    """``transcription_asr_audio_seconds_total``: read from the engine at scrape time."""

    def __init__(self, read: Callable[[], float]) -> None:
        self._read = read

    def collect(self) -> Iterator[CounterMetricFamily]:
        yield CounterMetricFamily(
            "transcription_asr_audio_seconds", "Seconds of audio given to speech recognition", value=self._read()
        )
