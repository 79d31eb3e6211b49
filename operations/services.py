from django.utils import timezone

from .models import Heartbeat

WORKER_HEARTBEAT = "worker"
SWEEP_HEARTBEAT = "deadline-sweep"


def record_heartbeat(*, worker: str = "", name: str = WORKER_HEARTBEAT) -> Heartbeat:
    heartbeat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": timezone.now(), "worker": worker}
    )
    return heartbeat
