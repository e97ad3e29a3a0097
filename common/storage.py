"""Static files with hashed names (whitenoise), their URLs worked out once per process.

`{% static %}` looks the name up in the manifest, then quotes and joins it on every use: nine
times a page in base.html alone. The manifest does not change while the process runs.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class CachedURLStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        urls = self.__dict__.setdefault("_urls", {})
        url = urls.get(name)
        if url is None:
            url = urls[name] = super().url(name)
        return url
