from django.apps import AppConfig


class NijmegenKccConfig(AppConfig):
    name = "nijmegen_kcc"
    verbose_name = "KCC klantbeeld"
