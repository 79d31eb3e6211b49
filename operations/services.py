from django.utils import timezone

from .models import Heartbeat

WORKER_HEARTBEAT = "worker"


def record_heartbeat(*, worker: str = "") -> Heartbeat:
    heartbeat, _ = Heartbeat.objects.update_or_create(
        name=WORKER_HEARTBEAT, defaults={"beat_at": timezone.now(), "worker": worker}
    )
    return heartbeat
