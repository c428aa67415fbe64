"""Objects named in a list-level custom action's body: the control must succeed first.

The flawed app's ObjectInBody twins show the pass and the failure (tests/test_flawed.py);
here the fixed twin's action needs more than the declaration sends, so the control fails and
the probe says it could not verify instead of counting the victim's refusal.
"""

from conftest import FLAWED_SETTINGS, GuardProject


def test_a_refusal_without_a_successful_control_is_could_not_verify(
    guard_project: GuardProject,
) -> None:
    guard_project.replace(
        "flawed/views.py",
        '        note = get_object_or_404(self.get_queryset(), pk=request.data.get("id"))\n',
        '        if "confirm" not in request.data:\n'
        '            return Response({"confirm": ["required"]}, status=400)\n'
        '        note = get_object_or_404(self.get_queryset(), pk=request.data.get("id"))\n',
    )

    result = guard_project.run(
        "-m", "guard_permissions", "-k", "ObjectInBodyFixed and reveal", settings=FLAWED_SETTINGS
    )

    result.stdout.fnmatch_lines(
        [
            "flawed.ObjectInBodyFixed: reveal as other (POST /flawed/object-in-body-fixed/reveal/)",
            '  got:      400 Bad Request {"confirm":[[]"required"[]]}',
        ]
    )
    assert result.parseoutcomes()["failed"] == 3  # owner, other and staff
