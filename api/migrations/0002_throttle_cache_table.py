"""The database table of the "throttle" cache (settings.CACHES), when it is not Redis: the API's
request counts, shared by every process. `createcachetable` does the same; here, every
`migrate` (make run, make serve, the tests) makes it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("api", "0001_tokens_watches_readers")]

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
