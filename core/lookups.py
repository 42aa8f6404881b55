"""``veld__een_van=[…]``: the field is one of the values, as ``veld = ANY(%s)`` with the whole
list as one array parameter.

Django's ``__in`` writes one parameter per value, so its SQL changes with the length of the
list; with one array parameter the SQL is the same for every list, and a kept query
(``core.voorbereid``) serves every page of results, whatever its size.
"""

from django.db.models import Field, Lookup
from django.db.models.fields.related import ForeignObject


class EenVan(Lookup):
    lookup_name = "een_van"
    prepare_rhs = False

    def get_prep_lookup(self):
        if hasattr(self.rhs, "resolve_expression"):
            raise TypeError("een_van takes a list of values, not an expression")
        return list(self.rhs)

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, self.rhs)


def registreren() -> None:
    Field.register_lookup(EenVan)
    ForeignObject.register_lookup(EenVan)
