from django.apps import AppConfig


class DevdataConfig(AppConfig):
    """Synthetic data for benchmarks and load runs; no models, not part of the product."""

    name = "devdata"
    verbose_name = "Development data"
