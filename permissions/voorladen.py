"""What apps above add to the login query (``permissions.backends``): annotations read with the
user and a function that puts their values on the user object. Importable before the app
registry is ready (no models), so an app registers from its ``AppConfig.ready`` without an
import inside a function."""

# (annotaties(pk, nu) → {name: expression}, toepassen(user, rij)), module-level functions
voorladingen: list[tuple] = []


def vooraf_laden(voorlading: tuple) -> None:
    """Adds a pair; registering the same pair twice is a no-op."""
    if voorlading not in voorladingen:
        voorladingen.append(voorlading)
