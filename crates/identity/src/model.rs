//! Who can sign in: staff of a section, with a role, and residents.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 担当課職員: processes the section's applications.
    Clerk,
    /// 課長等: decides, and sees the section's whole workload.
    Manager,
    /// デジタル改革推進課: administers procedures, forms and the survey.
    DxAdmin,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Manager => "manager",
            Role::DxAdmin => "dx_admin",
        }
    }

    pub fn parse(code: &str) -> Option<Role> {
        match code {
            "clerk" => Some(Role::Clerk),
            "manager" => Some(Role::Manager),
            "dx_admin" => Some(Role::DxAdmin),
            _ => None,
        }
    }

    pub fn label_ja(self) -> &'static str {
        match self {
            Role::Clerk => "担当課職員",
            Role::Manager => "所属長",
            Role::DxAdmin => "DX推進担当（管理者）",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Role::Clerk => "Section clerk",
            Role::Manager => "Section manager",
            Role::DxAdmin => "DX office administrator",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Staff {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub section_id: Option<String>,
    pub section_name: Option<String>,
}

impl Staff {
    /// How audit entries and records name this person (`staff:<id>`).
    pub fn actor(&self) -> String {
        format!("staff:{}", self.id)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Resident {
    pub id: String,
    pub email: String,
    pub name: String,
    pub name_kana: String,
    pub email_verified: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountKind {
    Staff,
    Resident,
}

impl AccountKind {
    pub fn code(self) -> &'static str {
        match self {
            AccountKind::Staff => "staff",
            AccountKind::Resident => "resident",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Account {
    Staff(Staff),
    Resident(Resident),
}

impl Account {
    pub fn kind(&self) -> AccountKind {
        match self {
            Account::Staff(_) => AccountKind::Staff,
            Account::Resident(_) => AccountKind::Resident,
        }
    }
}

/// What a resident keeps in the account to fill forms with: the name and
/// its furigana, e-mail, and the optional birth date (ISO), postal code,
/// address and phone ('' when not given).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub name: String,
    pub name_kana: String,
    pub email: String,
    pub birth_date: String,
    pub postal_code: String,
    pub address: String,
    pub phone: String,
}
