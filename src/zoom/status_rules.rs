//! Zoom's registrant status rules, written down once: which status each action (approve, deny,
//! cancel) moves a registrant to from each status, for meetings and for webinars, and which
//! action undoes which. The TUI offers only the actions that change someone and says what happens
//! to each group of a mixed selection; `regdesk status` sends only to those the action changes;
//! the simulator's tests check that it follows the same table.
//!
//! Sources: Zoom's OpenAPI file (`PUT /meetings/{id}/registrants/status`: "`cancel` - Cancel
//! previously approved registrant's registration"; webinars: "`cancel` - Cancel the
//! registrant's approval"; `approve` and `deny` carry no such limit) and the web portal, where a
//! cancelled registrant is listed as denied and a denied one can be approved again. Approving
//! someone approved or denying someone denied changes nothing, so it is not sent.

use super::{EventKind, ListStatus, RegistrantStatus, StatusAction};

/// One row of the table: what `action` does to a registrant of a `kind` event in status `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub kind: EventKind,
    pub from: ListStatus,
    pub action: StatusAction,
    /// The status afterwards; `None` when Zoom leaves the registrant as they are.
    pub to: Option<ListStatus>,
}

const fn rule(
    kind: EventKind,
    from: ListStatus,
    action: StatusAction,
    to: Option<ListStatus>,
) -> Rule {
    Rule {
        kind,
        from,
        action,
        to,
    }
}

use EventKind::{Meeting, Webinar};
use ListStatus::{Approved, Denied, Pending};
use StatusAction::{Approve, Cancel, Deny};

/// Every (event kind, status, action): meetings and webinars follow the same rules.
pub const RULES: [Rule; 18] = [
    rule(Meeting, Pending, Approve, Some(Approved)),
    rule(Meeting, Pending, Deny, Some(Denied)),
    rule(Meeting, Pending, Cancel, None),
    rule(Meeting, Approved, Approve, None),
    rule(Meeting, Approved, Deny, Some(Denied)),
    rule(Meeting, Approved, Cancel, Some(Denied)),
    rule(Meeting, Denied, Approve, Some(Approved)),
    rule(Meeting, Denied, Deny, None),
    rule(Meeting, Denied, Cancel, None),
    rule(Webinar, Pending, Approve, Some(Approved)),
    rule(Webinar, Pending, Deny, Some(Denied)),
    rule(Webinar, Pending, Cancel, None),
    rule(Webinar, Approved, Approve, None),
    rule(Webinar, Approved, Deny, Some(Denied)),
    rule(Webinar, Approved, Cancel, Some(Denied)),
    rule(Webinar, Denied, Approve, Some(Approved)),
    rule(Webinar, Denied, Deny, None),
    rule(Webinar, Denied, Cancel, None),
];

/// The status `action` moves a registrant in `from` to, or `None` when it changes nothing
/// (including for a status this version of regdesk does not know).
pub fn outcome(
    kind: EventKind,
    from: &RegistrantStatus,
    action: StatusAction,
) -> Option<ListStatus> {
    let from = known(from)?;
    RULES
        .iter()
        .find(|rule| rule.kind == kind && rule.from == from && rule.action == action)
        .and_then(|rule| rule.to)
}

/// Whether `action` changes a registrant in `from`.
pub fn applies(kind: EventKind, from: &RegistrantStatus, action: StatusAction) -> bool {
    outcome(kind, from, action).is_some()
}

/// The actions that change a registrant in `from`, in the order approve, deny, cancel.
pub fn actions_from(kind: EventKind, from: &RegistrantStatus) -> Vec<StatusAction> {
    [Approve, Deny, Cancel]
        .into_iter()
        .filter(|action| applies(kind, from, *action))
        .collect()
}

/// The action that takes people back after `action` moved them, where Zoom has one: approving
/// again whoever was just denied or cancelled. Approving has no way back (Zoom cannot make
/// someone pending again; cancelling would leave them denied).
pub fn way_back(action: StatusAction) -> Option<StatusAction> {
    match action {
        Deny | Cancel => Some(Approve),
        Approve => None,
    }
}

/// Why `action` leaves someone in `from` as they are, in words for a message.
pub fn why_unchanged(from: &RegistrantStatus, action: StatusAction) -> String {
    match (known(from), action) {
        (Some(Approved), Approve) => "already approved".to_owned(),
        (Some(Denied), Deny) => "already denied".to_owned(),
        (Some(_), Cancel) => format!("{} (Zoom cancels approved registrants only)", from.as_str()),
        _ => format!("{} (Zoom does not {} them)", from.as_str(), action.as_str()),
    }
}

/// The status as one of the three Zoom lists, if it is one.
pub fn known(status: &RegistrantStatus) -> Option<ListStatus> {
    ListStatus::ALL
        .into_iter()
        .find(|list| list.status() == *status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(kind: EventKind, from: ListStatus, action: StatusAction) -> Option<ListStatus> {
        outcome(kind, &from.status(), action)
    }

    #[test]
    fn the_table_has_one_row_per_kind_status_and_action() {
        for kind in [Meeting, Webinar] {
            for from in ListStatus::ALL {
                for action in [Approve, Deny, Cancel] {
                    let rows = RULES
                        .iter()
                        .filter(|r| r.kind == kind && r.from == from && r.action == action)
                        .count();
                    assert_eq!(rows, 1, "{kind:?} {from:?} {action:?}");
                }
            }
        }
    }

    #[test]
    fn pending_people_can_be_approved_or_denied_but_not_cancelled() {
        for kind in [Meeting, Webinar] {
            assert_eq!(to(kind, Pending, Approve), Some(Approved), "{kind:?}");
            assert_eq!(to(kind, Pending, Deny), Some(Denied), "{kind:?}");
            assert_eq!(to(kind, Pending, Cancel), None, "{kind:?}");
        }
    }

    #[test]
    fn approved_people_can_be_cancelled_or_denied_which_lists_them_as_denied() {
        for kind in [Meeting, Webinar] {
            assert_eq!(to(kind, Approved, Approve), None, "{kind:?}");
            assert_eq!(to(kind, Approved, Deny), Some(Denied), "{kind:?}");
            assert_eq!(to(kind, Approved, Cancel), Some(Denied), "{kind:?}");
        }
    }

    #[test]
    fn denied_people_can_only_be_approved_again() {
        for kind in [Meeting, Webinar] {
            assert_eq!(to(kind, Denied, Approve), Some(Approved), "{kind:?}");
            assert_eq!(to(kind, Denied, Deny), None, "{kind:?}");
            assert_eq!(to(kind, Denied, Cancel), None, "{kind:?}");
        }
    }

    #[test]
    fn an_unknown_status_is_changed_by_nothing() {
        let odd = RegistrantStatus::Other("waitlisted".to_owned());
        assert!(actions_from(Meeting, &odd).is_empty());
    }

    #[test]
    fn the_way_back_from_deny_and_cancel_is_approve_and_it_applies_to_who_they_moved() {
        for rule in RULES.iter().filter(|rule| rule.to.is_some()) {
            let Some(moved_to) = rule.to else { continue };
            match way_back(rule.action) {
                Some(back) => assert_eq!(to(rule.kind, moved_to, back), Some(Approved), "{rule:?}"),
                None => assert_eq!(rule.action, Approve, "{rule:?}"),
            }
        }
    }

    #[test]
    fn reasons_name_the_status_and_what_zoom_allows() {
        assert_eq!(
            why_unchanged(&RegistrantStatus::Pending, Cancel),
            "pending (Zoom cancels approved registrants only)"
        );
        assert_eq!(
            why_unchanged(&RegistrantStatus::Approved, Approve),
            "already approved"
        );
    }
}
