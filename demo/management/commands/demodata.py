"""``manage.py demodata --seed 2026 --size small|x1|x10 [--persons N --organisations N] [--reset]``.

Thin: parses the options and prints progress; ``demo.demo_data`` does the work.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import demo_data


class Command(BaseCommand):
    help = (
        "Loads demo data, deterministic by seed: catalogues, visibility policy and staff "
        "(always, idempotent), and Nijmegenaren with contact moments and zaken (once)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed", type=int, default=2026, help="same seed, same data (default 2026)"
        )
        parser.add_argument(
            "--size",
            choices=sorted(demo_data.SIZES),
            default="small",
            help="small: 2,000 persons; x1: Nijmegen ×1, 200,000 persons; x10: ×10, 2,000,000",
        )
        parser.add_argument("--persons", type=int, help="number of persons (overrides --size)")
        parser.add_argument(
            "--organisations", type=int, help="number of organisations (overrides --size)"
        )
        parser.add_argument(
            "--contactmomenten", type=int, help="number of contact moments (overrides --size)"
        )
        parser.add_argument("--zaken", type=int, help="number of zaken (overrides --size)")
        parser.add_argument(
            "--gesprekken",
            type=int,
            help="calls in the year of telephony events (default 174,500, Nijmegen's 2024)",
        )
        parser.add_argument(
            "--terugbelverzoeken", type=int, help="number of callback requests (overrides --size)"
        )
        parser.add_argument(
            "--catalogue-only",
            action="store_true",
            help="only the reference catalogue (the same as `manage.py catalogus_laden`, "
            "which production uses): no demo staff, no residents",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="delete all Nijmegenaren (and their contacts and zaken) first",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_MODE and not options["catalogue_only"]:
            # invented residents and demo staff with a published password never belong in a
            # real register: only with KCC_DEMO=1 (the run command, the benchmarks)
            raise CommandError(
                "Demo data only in demo mode (KCC_DEMO=1): this database may be a real one."
            )
        started = time.perf_counter()
        if options["catalogue_only"]:
            count = demo_data.load_catalogue()
            self.stdout.write(f"Catalogues and visibility rules: {count} upserted.")
            return
        log = (
            (lambda message: self.stdout.write(message))
            if options["verbosity"]
            else (lambda message: None)
        )
        log(f"Demo data, seed {options['seed']}, size {options['size']}:")
        summary = demo_data.load(
            seed=options["seed"],
            size=options["size"],
            persons=options["persons"],
            organisations=options["organisations"],
            contactmomenten=options["contactmomenten"],
            zaken=options["zaken"],
            terugbelverzoeken=options["terugbelverzoeken"],
            gesprekken=options["gesprekken"],
            reset=options["reset"],
            log=log,
        )
        log(f"Done in {time.perf_counter() - started:.1f} s: {summary.line()}")
