"""Small helpers the follow-up views share."""


def posted_with(data, **values):
    """A copy of posted form data with some values replaced, to re-show a form after a conflict."""
    data = data.copy()
    for key, value in values.items():
        data[key] = value
    return data
