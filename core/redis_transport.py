"""Kombu's Redis transport, with one fault taken out: a worker must survive a Redis restart.

When the broker connection drops, Celery first releases the connection (``collect``) and
then closes it; closing the channel restores its unacknowledged messages, which asks for a
new Redis client, which reads the host from the connection that was just released:
``AttributeError: 'NoneType' object has no attribute 'hostname'``. AttributeError is not a
connection error, so Celery treats it as unrecoverable and the worker exits (kombu 5.7.0,
celery 5.7.0, redis-py 8.1; reproduced in ``tests/storingen/test_redis_herstart.py``).

Here that moment raises a Redis ``ConnectionError`` instead: Celery ignores it while closing
and reconnects. Nothing is lost by not restoring then: the messages stay in Redis's unacked
index and are delivered again after the visibility timeout, and every task is a wake-up for
work the database holds (the sweep re-sends what is not done).
"""

from kombu.transport import redis as kombu_redis
from redis.exceptions import ConnectionError as RedisConnectionError


class Channel(kombu_redis.Channel):
    def _connparams(self, asynchronous=False):
        if self.connection.client is None:
            raise RedisConnectionError("the broker connection was already released")
        return super()._connparams(asynchronous=asynchronous)


class Transport(kombu_redis.Transport):
    Channel = Channel
