import factory

from config.factories import UserFactory
from orgs.models import Membership, Organisation, Project


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    org = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    org = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Project {n}")


def make_project(user):
    """A project in a fresh organisation where `user` is a plain member (not an admin)."""
    membership = MembershipFactory(user=user, role=Membership.Role.MEMBER)
    return ProjectFactory(org=membership.org)


def make_org_admin(project):
    """A new user who administers `project`'s organisation (the `org_admin` guard actor)."""
    membership = MembershipFactory(org=project.org, role=Membership.Role.ADMIN)
    return membership.user


def make_tenant_project(user):
    """A project in the organisation `user` already works in (a new one for a first project).

    Header-scoped lists show one organisation at a time, so the rows the N+1 check adds must
    land in the organisation the user's X-Org header names.
    """
    membership = user.memberships.first()
    return ProjectFactory(org=membership.org) if membership else make_project(user)
