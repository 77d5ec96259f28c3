//! The edits the Categories form makes to a draft config: set a category's title, description, "required" or
//! "sells or shares personal data", add a
//! category, remove one (refused while services use it), move one up or down. Each edit reads the draft as JSON and
//! rewrites only its top-level `categories` value, so the rest of the text keeps its order and its words. Pure, so it
//! is tested natively; the form itself is `categories_form.rs`.

use consent_core::{catalog, Category, CategoryId};
use serde_json::{Map, Value};

use crate::json_text::with_replaced;

/// A category as the form shows it, read leniently from the draft: a field that is missing or not text shows empty,
/// and consent-core's check names the problem at its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryFields {
    /// Its id as written (may be one the check refuses).
    pub id: String,
    /// What visitors see.
    pub title: String,
    /// What it is for.
    pub description: String,
    /// Strictly necessary: always on.
    pub required: bool,
    /// Sells or shares personal data (Global Privacy Control keeps it off): as written, or consent-core's default
    /// for its id when the config does not say.
    pub sale_or_sharing: bool,
}

impl CategoryFields {
    /// What to call the category in a button's name: its title, or its id while it has none.
    pub fn name(&self) -> &str {
        if self.title.trim().is_empty() {
            &self.id
        } else {
            &self.title
        }
    }
}

/// The categories of the draft `text`; `None` when it is not a JSON object whose `categories` (if any) is a list.
pub fn read(text: &str) -> Option<Vec<CategoryFields>> {
    let config: Value = serde_json::from_str(text).ok()?;
    let list = match config.as_object()?.get("categories") {
        None | Some(Value::Null) => return Some(Vec::new()),
        Some(Value::Array(list)) => list,
        Some(_) => return None,
    };
    let text_of = |category: &Value, field: &str| category.get(field).and_then(Value::as_str).unwrap_or("").to_owned();
    Some(
        list.iter()
            .map(|category| CategoryFields {
                id: text_of(category, "id"),
                title: text_of(category, "title"),
                description: text_of(category, "description"),
                required: category.get("required").and_then(Value::as_bool).unwrap_or(false),
                sale_or_sharing: category
                    .get("sale_or_sharing")
                    .and_then(Value::as_bool)
                    .unwrap_or_else(|| Category::sale_or_sharing_by_default(&text_of(category, "id"))),
            })
            .collect(),
    )
}

/// One change the form makes; categories are named by their place in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Sets the title of the category at this place.
    Title(usize, String),
    /// Sets its description.
    Description(usize, String),
    /// Makes it strictly necessary (always on), or a choice again (the key is then left out: `false` is the default).
    Required(usize, bool),
    /// Marks it as selling or sharing personal data, or not; the key is left out when that is consent-core's
    /// default for its id, so switching back leaves the config as it was.
    SaleOrSharing(usize, bool),
    /// Adds a category at the end: its id (consent-core's id rule) and title.
    Add {
        /// The new category's id.
        id: String,
        /// Its title.
        title: String,
    },
    /// Removes the category at this place, unless services use it.
    Remove(usize),
    /// Swaps the category at this place with the one before it.
    MoveUp(usize),
    /// Swaps it with the one after it.
    MoveDown(usize),
}

/// Why an edit was not made, in words for the product team.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// The draft does not read as JSON with a list of categories.
    #[error("Fix the JSON first: the form edits a config that reads as JSON.")]
    NotJson,
    /// The new id breaks consent-core's id rule.
    #[error("Id: {0}")]
    BadId(String),
    /// The new id is taken.
    #[error("Id: '{0}' is already a category")]
    TakenId(String),
    /// A new category needs a title.
    #[error("Title: must not be empty: visitors choose by this title")]
    NoTitle,
    /// Services name the category: removing it would leave them without one.
    #[error(
        "{category} cannot be removed: {} use it. Move them to another category (in the JSON) first.",
        services.join(", ")
    )]
    InUse {
        /// The category's title (or id).
        category: String,
        /// The names of the services in it.
        services: Vec<String>,
    },
    /// The place is outside the list, or the move goes past its end.
    #[error("There is no category there.")]
    NoSuchPlace,
}

/// The draft `text` with `edit` made: only its top-level `categories` value is rewritten.
pub fn apply(text: &str, edit: &Edit) -> Result<String, Refusal> {
    let config: Value = serde_json::from_str(text).map_err(|_| Refusal::NotJson)?;
    let mut list = match config.get("categories") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(list)) => list.clone(),
        Some(_) => return Err(Refusal::NotJson),
    };
    edit_list(&mut list, edit, &config)?;
    let json = serde_json::to_string(&list).map_err(|_| Refusal::NotJson)?;
    with_replaced(text, "categories", &json).ok_or(Refusal::NotJson)
}

fn edit_list(list: &mut Vec<Value>, edit: &Edit, config: &Value) -> Result<(), Refusal> {
    let last = list.len().checked_sub(1);
    match edit {
        Edit::Title(at, title) => set(list, *at, "title", Value::String(title.clone())),
        Edit::Description(at, description) => set(list, *at, "description", Value::String(description.clone())),
        Edit::Required(at, true) => set(list, *at, "required", Value::Bool(true)),
        Edit::Required(at, false) => {
            object_at(list, *at)?.remove("required");
            Ok(())
        }
        Edit::SaleOrSharing(at, sells) => {
            let category = object_at(list, *at)?;
            let id = category.get("id").and_then(Value::as_str).unwrap_or_default();
            if Category::sale_or_sharing_by_default(id) == *sells {
                category.remove("sale_or_sharing");
            } else {
                category.insert("sale_or_sharing".into(), Value::Bool(*sells));
            }
            Ok(())
        }
        Edit::Add { id, title } => {
            let id = CategoryId::try_from(id.trim()).map_err(|e| Refusal::BadId(e.to_string()))?;
            if list.iter().any(|c| c.get("id").and_then(Value::as_str) == Some(id.as_str())) {
                return Err(Refusal::TakenId(id.to_string()));
            }
            if title.trim().is_empty() {
                return Err(Refusal::NoTitle);
            }
            let mut category = Map::new();
            category.insert("id".into(), id.as_str().into());
            category.insert("title".into(), title.trim().into());
            category.insert("description".into(), "".into());
            list.push(Value::Object(category));
            Ok(())
        }
        Edit::Remove(at) => {
            let category = object_at(list, *at)?;
            let id = category.get("id").and_then(Value::as_str).unwrap_or_default();
            let services = services_in(config, id);
            if !services.is_empty() {
                let title = category.get("title").and_then(Value::as_str).filter(|t| !t.trim().is_empty());
                return Err(Refusal::InUse { category: title.unwrap_or(id).to_owned(), services });
            }
            list.remove(*at);
            Ok(())
        }
        Edit::MoveUp(at) if *at > 0 && Some(*at) <= last => {
            list.swap(*at - 1, *at);
            Ok(())
        }
        Edit::MoveDown(at) if last.is_some_and(|last| *at < last) => {
            list.swap(*at, *at + 1);
            Ok(())
        }
        Edit::MoveUp(_) | Edit::MoveDown(_) => Err(Refusal::NoSuchPlace),
    }
}

fn object_at(list: &mut [Value], at: usize) -> Result<&mut Map<String, Value>, Refusal> {
    list.get_mut(at).and_then(Value::as_object_mut).ok_or(Refusal::NoSuchPlace)
}

fn set(list: &mut [Value], at: usize, field: &str, value: Value) -> Result<(), Refusal> {
    object_at(list, at)?.insert(field.to_owned(), value);
    Ok(())
}

/// The names of the services of `config` in the category `id`: a service's own `category`, or, for a catalog service
/// that leaves it out, the catalog entry's (as consent-core resolves it).
pub fn services_in(config: &Value, id: &str) -> Vec<String> {
    let Some(services) = config.get("services").and_then(Value::as_array) else { return Vec::new() };
    services
        .iter()
        .filter_map(|service| {
            let entry = service.get("catalog").and_then(Value::as_str).and_then(catalog::entry);
            let field = |name: &str| service.get(name).and_then(Value::as_str).map(str::to_owned);
            let category = field("category").or_else(|| entry.and_then(|e| e.category.clone()))?;
            (category == id).then(|| {
                field("name")
                    .or_else(|| entry.and_then(|e| e.name.clone()))
                    .or_else(|| field("id"))
                    .unwrap_or_else(|| "a service".into())
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::{changes, check};
    use consent_core::SiteConfig;

    const DEMO: &str = include_str!("../../../demo/consent.json");

    fn config(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn ids(text: &str) -> Vec<String> {
        read(text).unwrap().into_iter().map(|c| c.id).collect()
    }

    #[test]
    fn a_title_edit_changes_that_field_only_and_keeps_the_text_around_it() {
        let edited = apply(DEMO, &Edit::Title(1, "Statistics".into())).unwrap();
        let found = changes(DEMO, &edited);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path, "categories[1].title");
        assert_eq!(found[0].after.as_deref(), Some("\"Statistics\""));
        assert!(edited.starts_with("{\n  \"$schema\": \"../schemas/config.schema.json\",\n  \"site\": \"demo-shop\""));
        assert!(edited.find("\"categories\"") < edited.find("\"services\""));
        assert_eq!(check(&edited, "demo-shop"), []);
    }

    #[test]
    fn an_empty_title_is_written_and_the_check_names_it() {
        let edited = apply(DEMO, &Edit::Title(1, String::new())).unwrap();
        let problems = check(&edited, "demo-shop");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].path, "categories[1].title");
    }

    #[test]
    fn required_is_written_when_set_and_left_out_when_cleared() {
        let set = apply(DEMO, &Edit::Required(2, true)).unwrap();
        assert_eq!(config(&set)["categories"][2]["required"], true);
        let cleared = apply(&set, &Edit::Required(2, false)).unwrap();
        assert_eq!(config(&cleared)["categories"][2].get("required"), None);
        assert_eq!(changes(DEMO, &cleared), []);
    }

    #[test]
    fn sale_or_sharing_is_written_only_where_it_differs_from_the_default_for_the_id() {
        let fields = read(DEMO).unwrap();
        assert_eq!(fields.iter().map(|c| c.sale_or_sharing).collect::<Vec<_>>(), [false, false, true]);
        let analytics = apply(DEMO, &Edit::SaleOrSharing(1, true)).unwrap();
        assert_eq!(config(&analytics)["categories"][1]["sale_or_sharing"], true);
        assert!(read(&analytics).unwrap()[1].sale_or_sharing);
        let marketing_off = apply(DEMO, &Edit::SaleOrSharing(2, false)).unwrap();
        assert_eq!(config(&marketing_off)["categories"][2]["sale_or_sharing"], false);
        assert!(!SiteConfig::from_json(&marketing_off).unwrap().categories[2].sale_or_sharing);
        let back = apply(&marketing_off, &Edit::SaleOrSharing(2, true)).unwrap();
        assert_eq!(changes(DEMO, &back), []);
    }

    #[test]
    fn a_category_is_added_last_with_its_id_and_title_and_passes_the_check() {
        let added = apply(DEMO, &Edit::Add { id: "social".into(), title: "Social media".into() }).unwrap();
        assert_eq!(ids(&added), ["necessary", "analytics", "marketing", "social"]);
        assert_eq!(read(&added).unwrap()[3].title, "Social media");
        assert_eq!(check(&added, "demo-shop"), []);
    }

    #[test]
    fn a_new_id_must_follow_the_id_rule_be_new_and_come_with_a_title() {
        let add = |id: &str, title: &str| apply(DEMO, &Edit::Add { id: id.into(), title: title.into() });
        assert_eq!(
            add("Social", "Social").unwrap_err().to_string(),
            "Id: 'Social' must start with a lowercase letter a-z"
        );
        assert_eq!(add("analytics", "Again"), Err(Refusal::TakenId("analytics".into())));
        assert_eq!(add("social", " "), Err(Refusal::NoTitle));
    }

    #[test]
    fn a_category_that_services_use_cannot_be_removed_and_the_refusal_names_them() {
        let refused = apply(DEMO, &Edit::Remove(2)).unwrap_err();
        assert_eq!(
            refused,
            Refusal::InUse { category: "Marketing".into(), services: vec!["Demo Ads".into(), "Demo Video".into()] }
        );
        assert!(refused.to_string().starts_with("Marketing cannot be removed: Demo Ads, Demo Video use it."));
    }

    #[test]
    fn a_catalog_service_uses_the_category_its_catalog_entry_names() {
        let entry = catalog::entries().iter().find(|e| e.category.is_some() && e.name.is_some()).unwrap();
        let config = serde_json::json!({"services": [{"catalog": entry.catalog.clone().or(entry.id.clone())}]});
        let in_category = services_in(&config, entry.category.as_deref().unwrap());
        assert_eq!(in_category, [entry.name.clone().unwrap()]);
    }

    #[test]
    fn an_unused_category_is_removed() {
        let added = apply(DEMO, &Edit::Add { id: "social".into(), title: "Social media".into() }).unwrap();
        let removed = apply(&added, &Edit::Remove(3)).unwrap();
        assert_eq!(ids(&removed), ["necessary", "analytics", "marketing"]);
        assert_eq!(changes(DEMO, &removed), []);
    }

    #[test]
    fn moves_swap_neighbours_and_stop_at_the_ends() {
        let up = apply(DEMO, &Edit::MoveUp(2)).unwrap();
        assert_eq!(ids(&up), ["necessary", "marketing", "analytics"]);
        let down = apply(&up, &Edit::MoveDown(1)).unwrap();
        assert_eq!(ids(&down), ["necessary", "analytics", "marketing"]);
        assert_eq!(apply(DEMO, &Edit::MoveUp(0)), Err(Refusal::NoSuchPlace));
        assert_eq!(apply(DEMO, &Edit::MoveDown(2)), Err(Refusal::NoSuchPlace));
        assert_eq!(apply(DEMO, &Edit::Title(3, "x".into())), Err(Refusal::NoSuchPlace));
    }

    #[test]
    fn a_draft_that_is_not_json_is_neither_read_nor_edited() {
        assert_eq!(read("{\"categories\": ["), None);
        assert_eq!(read("{\"categories\": 3}"), None);
        assert_eq!(read("{}"), Some(Vec::new()));
        assert_eq!(apply("{\"categories\": [", &Edit::MoveUp(1)), Err(Refusal::NotJson));
    }

    #[test]
    fn a_title_that_looks_like_markup_is_kept_as_written() {
        let title = "<img src=x onerror=alert(1)>";
        let edited = apply(DEMO, &Edit::Title(0, title.into())).unwrap();
        assert_eq!(read(&edited).unwrap()[0].title, title);
    }
}
