"""URL converters every app's URLs use; registered when this module is imported."""

from django.urls import register_converter


class IdConverter:
    """A database id: at most 18 digits, so that it fits a 64-bit integer. A longer number is
    no page (404) rather than an overflow in the database driver (500)."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")
