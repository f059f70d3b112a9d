"""Site furniture rules: breadcrumbs, widgets, comment prompts, ads, promos, sign-up prompts, copyright.

All text is invented (the Velmar Courier, Northgate Wire and their people do not exist).
"""

from __future__ import annotations

import pytest

from storytrace.ingest.rules.navigation import (
    advertisements,
    breadcrumb_segments,
    breadcrumbs,
    comment_prompts,
    copyright_notices,
    is_advert_marker,
    is_comment_prompt,
    is_copyright_notice,
    is_promo,
    is_signup_prompt,
    is_widget_line,
    promos,
    signup_prompts,
    widgets,
)

BODY = "Talks over the Velmar harbour lease stalled on Tuesday, officials said."


def removed(rule, text: str) -> list[str]:
    """What ``rule`` would remove from ``text``, and check each edit names the rule's lines only."""
    return [text[e.start : e.end] for e in rule(text)]


# --- breadcrumbs --------------------------------------------------------------------------------


def test_breadcrumb_with_home_is_removed_and_keeps_the_body():
    text = f"Home / OPINION / Analysis / Velmar Courts Northgate\n\nVelmar Courts Northgate\n\n{BODY}"
    assert removed(breadcrumbs, text) == ["Home / OPINION / Analysis / Velmar Courts Northgate"]


@pytest.mark.parametrize("separator", [" > ", " \u00bb ", " \u203a "])
def test_breadcrumb_separators(separator):
    line = separator.join(["Home", "World", "Harbour talks stall"])
    assert removed(breadcrumbs, f"{line}\n\n{BODY}") == [line]


def test_first_line_breadcrumb_without_home_needs_a_section_or_three_levels():
    assert removed(breadcrumbs, f"Politics / Harbour talks stall\n\n{BODY}") == ["Politics / Harbour talks stall"]
    assert removed(breadcrumbs, f"Velmar / Northgate / Harbour\n\n{BODY}") == ["Velmar / Northgate / Harbour"]
    # Two plain segments could be a headline ("X / Y"): left alone.
    assert removed(breadcrumbs, f"Mira Okonjo / Ana Kovrin\n\n{BODY}") == []


def test_lone_section_kicker_at_the_top_is_a_breadcrumb():
    assert removed(breadcrumbs, f"OPINION\n\n{BODY}") == ["OPINION"]
    assert removed(breadcrumbs, f"ANALYSIS/OPINION:\n\n{BODY}") == ["ANALYSIS/OPINION:"]
    assert removed(breadcrumbs, f"Velmar/Northgate\n\n{BODY}") == []


def test_breadcrumb_is_only_looked_for_at_the_top():
    text = f"{BODY}\n\n{BODY}\n\n{BODY}\n\nHome / World / Harbour talks stall"
    assert removed(breadcrumbs, text) == []


def test_slashes_in_prose_are_not_breadcrumbs():
    assert breadcrumb_segments("The verse ran: harbour ended / that is on me.") is None
    assert breadcrumb_segments("Owners and/or tenants may appeal") is None
    assert removed(breadcrumbs, "Owners and/or tenants may appeal the ruling, the court said.\n\nMore text.") == []


# --- widgets ------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Print Friendly, PDF & Email", "Share this article", "Share Tweet Email", "SHARE THIS ARTICLE Share Tweet Post Email",
    "Listen to article 3:12", "Email", "Loading...", "Copy link", "Share on Facebook",
])
def test_widget_lines(line):
    assert is_widget_line(line)


@pytest.mark.parametrize("line", [
    "Share prices fell sharply on Tuesday.", "Print is not dead, the publisher insisted.",
    "Email records show the minister knew.", "She shared the link with reporters on Tuesday evening.",
    "Save the A-7",
])
def test_prose_with_widget_words_is_not_a_widget(line):
    assert not is_widget_line(line)


def test_widgets_removes_only_widget_lines():
    text = f"Velmar Courts Northgate\n\nPrint Friendly, PDF & Email\n\n{BODY}\n\nShare prices fell."
    assert removed(widgets, text) == ["Print Friendly, PDF & Email"]


# --- comment prompts ----------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["Join the Discussion", "Join the conversation", "Leave a comment", "12 comments", "View all comments"])
def test_comment_prompts(line):
    assert is_comment_prompt(line)


def test_a_sentence_about_a_discussion_is_not_a_prompt():
    assert not is_comment_prompt("Join the discussion on the harbour lease, the mayor urged residents.")
    assert removed(comment_prompts, f"{BODY}\n\nJoin the Discussion") == ["Join the Discussion"]


# --- advertisement markers ----------------------------------------------------------------------


@pytest.mark.parametrize("line", ["Advertisement", "ADVERTISEMENT", "Advertisement:", "Story continued below", "AD",
                                  "Advertisement Continue reading the main story", "Sponsored content",
                                  "Continue Reading Below", "Story continues"])
def test_advert_markers(line):
    assert is_advert_marker(line)


def test_prose_about_adverts_stays():
    assert not is_advert_marker("The advertisement ran on three Velmar stations in March.")
    assert not is_advert_marker("The ad continues:")
    assert not is_advert_marker("Continue the talks, the mayor said.")
    assert removed(advertisements, f"{BODY}\n\nAdvertisement\n\n{BODY}") == ["Advertisement"]


# --- promos -------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Related: Velmar port workers strike for a second week", "READ MORE:", "Read more: Harbour deal explained",
    "See also: Northgate's quay in pictures", "More:Velmar mayor resigns", "WATCH: The lease vote in 90 seconds",
    "More on this...", "Click here for full harbour coverage", "CLICK HERE TO GET THE COURIER APP",
])
def test_promo_lines(line):
    assert is_promo(line)


@pytest.mark.parametrize("line", [
    "More than 300 workers joined the strike on Tuesday.", "Related talks in Northgate also stalled.",
    "Watch out for the second vote, the deputy warned.", "Read the full text of the lease, critics demanded.",
])
def test_prose_starting_with_promo_words_stays(line):
    assert not is_promo(line)


def test_promos_rule_name():
    edits = promos(f"{BODY}\n\nRelated: Velmar port workers strike\n\n{BODY}")
    assert [e.rule for e in edits] == ["promo"]


# --- sign-up prompts ----------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Sign up for Daily Newsletters Manage Newsletters", "Get the Courier's best stories delivered to your inbox.",
    "Subscribe to our podcast.", "Follow @velmarcourier", "Follow Mira Okonjo on Twitter",
    "For more reporting like this, subscribe to the Courier's newsletters.",
    "Let our news meet your inbox. The stories that matter, delivered weekday mornings.",
    "Harbour Brief newsletter Sign up today to receive the port news Email Sign Up",
    "Did someone forward this email to you? Sign up here.",
])
def test_signup_prompts(line):
    assert is_signup_prompt(line)


@pytest.mark.parametrize("line", [
    "Two million people subscribe to his newsletter, which he writes from Northgate.",
    "Follow the money, the auditor said.",
    "Olu Brandt joined me on this week's episode of my podcast. In our conversation, he recalled the 1992 strike.",
    "\"We don't subscribe to the view that every ship must dock,\" the mayor said of the new podcast rules.",
    "Once you know what you can live without, cancel the subscriptions you do not need.",
    "Visitors were told: \u201cEnrollment opens soon! Sign up to receive an email when it is ready.\u201d",
    "Mira Okonjo here. I will be filling in this week, whatever it says in your email inbox.",
])
def test_reporting_about_newsletters_stays(line):
    assert not is_signup_prompt(line)


def test_signup_rule_name():
    assert [e.rule for e in signup_prompts(f"{BODY}\n\nSubscribe to our newsletter")] == ["newsletter"]


# --- copyright ----------------------------------------------------------------------------------


@pytest.mark.parametrize("line", [
    "Copyright \u00a9 2019 The Velmar Courier, LLC. Click here for reprint permission.",
    "\u00a9 2020 Northgate Features Syndicate", "COPYRIGHT 2018 NORTHGATE WIRE", "All rights reserved.",
])
def test_copyright_notices(line):
    assert is_copyright_notice(line)


def test_prose_about_copyright_stays():
    assert not is_copyright_notice("Copyright law in Velmar dates back a century, the judge noted.")
    assert not is_copyright_notice("(c) we will not allow new quays before 2030, the third demand read;")
    assert is_copyright_notice("(c) 2019 Northgate Wire")
    assert removed(copyright_notices, f"{BODY}\n\nCOPYRIGHT 2018 NORTHGATE WIRE") == ["COPYRIGHT 2018 NORTHGATE WIRE"]
