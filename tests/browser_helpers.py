"""What the browser tests share: signing in through the real sign-in form."""

from tests.conftest import PASSWORD


def sign_in(page, base_url: str, username: str, password: str = PASSWORD) -> None:
    """Sign in through /accounts/login/ as a person would, and wait for the home page."""
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
    page.wait_for_url(base_url + "/")
