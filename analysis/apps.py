from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "analysis"
    verbose_name = "Analysis"

    def ready(self):
        from common import data_version

        # The analysts' pages cache what they render under the data's version (PAGE_CACHE_SECONDS):
        # any write to these apps' tables changes it.
        data_version.watch(prefixes=("positions_", "delegations_", "provisions_"))
