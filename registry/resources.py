from import_export import fields, resources, widgets

from .models import Body, HealthcareRegion, Person, Region


class RegionResource(resources.ModelResource):
    healthcare_region = fields.Field(
        attribute="healthcare_region",
        column_name="healthcare_region",
        widget=widgets.ForeignKeyWidget(HealthcareRegion, field="code"),
    )

    class Meta:
        model = Region
        import_id_fields = ["code"]
        fields = ["code", "name", "healthcare_region"]


class BodyResource(resources.ModelResource):
    healthcare_region = fields.Field(
        attribute="healthcare_region",
        column_name="healthcare_region",
        widget=widgets.ForeignKeyWidget(HealthcareRegion, field="code"),
    )

    class Meta:
        model = Body
        import_id_fields = ["abbreviation", "healthcare_region"]
        fields = ["abbreviation", "name", "healthcare_region"]


class PersonResource(resources.ModelResource):
    region = fields.Field(
        attribute="region",
        column_name="region",
        widget=widgets.ForeignKeyWidget(Region, field="code"),
    )

    class Meta:
        model = Person
        fields = ["id", "name", "region", "organisation", "email"]
