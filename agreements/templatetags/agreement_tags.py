from django import template

register = template.Library()

MILLION = 1_000_000


@register.filter
def kronor(amount: int | None) -> str:
    """An amount as the agreements write it: "809 miljoner kronor", "12,5 miljoner kronor",
    "750 000 kronor"; nothing for no amount."""
    if amount is None:
        return ""
    if amount >= MILLION and amount % (MILLION // 10) == 0:
        whole, tenths = divmod(amount // (MILLION // 10), 10)
        shown = f"{whole},{tenths}" if tenths else str(whole)
        unit = "miljon" if amount == MILLION else "miljoner"
        return f"{_grouped(shown)} {unit} kronor"
    return f"{_grouped(str(amount))} kronor"


def _grouped(number: str) -> str:
    """Thousands set apart by a no-break space, as Swedish writes them."""
    whole, comma, decimals = number.partition(",")
    digits = whole.replace(" ", "").replace("\xa0", "")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return "\xa0".join(groups) + comma + decimals


@register.filter
def anchor(initiative) -> str:
    """The initiative's id on the agreement page (and in the PDF)."""
    return f"insats-{initiative.ref}"
