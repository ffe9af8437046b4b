import factory
from factory.django import DjangoModelFactory

from baken.organisaties.models import Gebruiker, Roltoewijzing


class GebruikerFactory(DjangoModelFactory):
    class Meta:
        model = Gebruiker
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    email = factory.LazyAttribute(lambda o: f"{o.username}@gemeente.example")
    password = factory.django.Password("wachtwoord-voor-tests")


class RoltoewijzingFactory(DjangoModelFactory):
    class Meta:
        model = Roltoewijzing

    gebruiker = factory.SubFactory(GebruikerFactory)
