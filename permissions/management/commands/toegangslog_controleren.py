"""``manage.py toegangslog_controleren``: the chain and the newest outside anchor; exit code 1
(and what is wrong) when rows were changed, removed or cut off the end."""

from django.core.management.base import BaseCommand, CommandError

from permissions import anker


class Command(BaseCommand):
    help = "Checks the access log's hash chain and its newest anchor outside the database."

    def handle(self, *args, **options):
        if fout := anker.controleren():
            raise CommandError(fout)
        self.stdout.write("Het toegangslog is heel: keten en anker kloppen.")
