"""Small display helpers shared by the selectors."""


def naam_van(*delen) -> str:
    """A name from its parts, leaving out the empty ones: ("Kim", "", "de Kok") → "Kim de Kok"."""
    return " ".join(deel for deel in delen if deel)
