//! Who may publish a form: a second person — never who asked for the
//! review — with the DX office role, or, where the city configures it, the
//! manager of the section that owns the procedure.

use identity::Role;

/// Who reviews forms (`form_reviewers` in madoguchi.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reviewers {
    /// DX office administrators only (default).
    #[default]
    DxOffice,
    /// DX office administrators, or the owning section's manager.
    DxOfficeOrSectionManager,
}

impl Reviewers {
    pub fn parse(code: &str) -> Option<Reviewers> {
        match code {
            "dx_office" => Some(Reviewers::DxOffice),
            "dx_office_or_section_manager" => Some(Reviewers::DxOfficeOrSectionManager),
            _ => None,
        }
    }
}

/// The person about to publish.
#[derive(Debug, Clone, Copy)]
pub struct Reviewer<'a> {
    pub staff_id: &'a str,
    pub role: Role,
    pub section_id: Option<&'a str>,
}

/// Why someone may not publish: Japanese and English.
pub type Refusal = (&'static str, &'static str);

pub fn may_publish(
    reviewers: Reviewers,
    reviewer: Reviewer<'_>,
    submitted_by: Option<&str>,
    owning_section: Option<&str>,
) -> Result<(), Refusal> {
    if submitted_by == Some(reviewer.staff_id) {
        return Err((
            "審査を依頼した本人は公開できません。別の職員が確認して公開します。",
            "Whoever asked for the review cannot publish it; a second person does.",
        ));
    }
    let allowed = match (reviewer.role, reviewers) {
        (Role::DxAdmin, _) => true,
        (Role::Manager, Reviewers::DxOfficeOrSectionManager) => {
            owning_section.is_some() && reviewer.section_id == owning_section
        }
        _ => false,
    };
    if allowed {
        Ok(())
    } else if reviewers == Reviewers::DxOffice {
        Err((
            "申請書の公開はデジタル改革推進課の管理者が行います。",
            "Forms are published by DX office administrators.",
        ))
    } else {
        Err((
            "申請書の公開は、デジタル改革推進課の管理者または手続を担当する課の課長等が行います。",
            "Forms are published by DX office administrators or the owning section's manager.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(id: &str, role: Role, section: Option<&'static str>) -> Reviewer<'static> {
        Reviewer {
            staff_id: Box::leak(id.to_string().into_boxed_str()),
            role,
            section_id: section,
        }
    }

    #[test]
    fn the_author_never_publishes_their_own_form() {
        let dx = who("7", Role::DxAdmin, None);
        assert!(may_publish(Reviewers::DxOffice, dx, Some("7"), Some("a")).is_err());
        assert!(may_publish(Reviewers::DxOffice, dx, Some("8"), Some("a")).is_ok());
    }

    #[test]
    fn a_section_manager_publishes_only_where_configured_and_only_their_own_sections_forms() {
        let manager = who("3", Role::Manager, Some("a"));
        assert!(may_publish(Reviewers::DxOffice, manager, Some("9"), Some("a")).is_err());
        assert!(
            may_publish(
                Reviewers::DxOfficeOrSectionManager,
                manager,
                Some("9"),
                Some("a")
            )
            .is_ok()
        );
        assert!(
            may_publish(
                Reviewers::DxOfficeOrSectionManager,
                manager,
                Some("9"),
                Some("b")
            )
            .is_err()
        );
        let clerk = who("4", Role::Clerk, Some("a"));
        assert!(
            may_publish(
                Reviewers::DxOfficeOrSectionManager,
                clerk,
                Some("9"),
                Some("a")
            )
            .is_err()
        );
    }
}
