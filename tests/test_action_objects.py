"""Objects named in a list-level custom action's body: a refusal needs a successful control.

The flawed app's ObjectInBody twins show the pass and the failure (tests/test_flawed.py);
here the fixed twin's action reveals each note once only: the case's own request uses that
once, the victim's id is refused (404), and the control (the actor's own note again) is
refused too, so the probe says it could not verify instead of counting the refusal.
"""

from conftest import FLAWED_SETTINGS, GuardProject

REVEAL = '        note = get_object_or_404(self.get_queryset(), pk=request.data.get("id"))\n'


def test_a_refusal_without_a_successful_control_is_could_not_verify(
    guard_project: GuardProject,
) -> None:
    guard_project.replace(
        "flawed/views.py",
        REVEAL,
        REVEAL + "        if note.views:\n"
        '            return Response({"detail": "already revealed"}, status=409)\n'
        "        Note.objects.filter(pk=note.pk).update(views=1)\n",
    )

    result = guard_project.run(
        "-m", "guard_permissions", "-k", "ObjectInBodyFixed and reveal", settings=FLAWED_SETTINGS
    )

    result.stdout.fnmatch_lines(
        [
            "flawed.ObjectInBodyFixed: reveal as other (POST /flawed/object-in-body-fixed/reveal/)",
            "  could not verify: the object-in-body probe (the action naming owner's flawed.Note "
            "in id) answered 404 Not Found *, and the same re-send naming other's own "
            "flawed.Note * instead was refused too (409 Conflict "
            '{"detail":"already revealed"}): the refusal proves nothing — declare Guard.payload '
            "(or Guard.params) naming the object the action works on*",
        ]
    )
    assert result.parseoutcomes()["failed"] == 3  # owner, other and staff


def test_the_fixed_action_passes_once_its_control_succeeds(guard_project: GuardProject) -> None:
    result = guard_project.run(
        "-m", "guard_permissions", "-k", "ObjectInBodyFixed and reveal", settings=FLAWED_SETTINGS
    )

    assert result.parseoutcomes()["passed"] == 4  # anonymous is denied, the others pass
    assert "failed" not in result.parseoutcomes()
