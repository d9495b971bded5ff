"""18.0.1.4.0: the comment themes read by competent agency. The themes found
in a rating now keep the rating's competent agency; those found before get
it from their rating (the nightly rebuild would, a day late)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE satisfaction_comment_theme_match m
           SET competent_unit_id = r.competent_unit_id
          FROM satisfaction_response r
         WHERE r.id = m.response_id AND m.competent_unit_id IS NULL
        """
    )
