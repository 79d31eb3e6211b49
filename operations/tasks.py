import socket

from celery import shared_task

from . import services


@shared_task(name="operations.tasks.heartbeat_task", ignore_result=True)
def heartbeat_task() -> None:
    services.record_heartbeat(worker=socket.gethostname())


@shared_task(name="operations.tasks.echo_task")
def echo_task(value):
    """Returns its argument: lets tests and operators see a round trip through a real worker."""
    return value
