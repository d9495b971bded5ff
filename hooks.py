def post_init_hook(env):
    """Vietnamese is the users' language: activate it and load this module's terms."""
    lang = env["res.lang"].with_context(active_test=False).search([("code", "=", "vi_VN")], limit=1)
    if lang and not lang.active:
        lang.active = True
    if lang:
        env["ir.module.module"]._load_module_terms(["satisfaction_survey"], ["vi_VN"], overwrite=True)
