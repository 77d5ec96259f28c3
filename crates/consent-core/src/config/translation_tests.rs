use super::*;
use crate::config::tests::DEMO;
use crate::config::ConfigError;
use crate::language::choose_language;
use crate::lifetime::Lifetime;
use crate::plural::form_count;

/// The built-in locale files, as the banner ships them.
const LOCALES: [(&str, &str); 9] = [
    ("de", include_str!("../../../../locales/de.json")),
    ("fr", include_str!("../../../../locales/fr.json")),
    ("es", include_str!("../../../../locales/es.json")),
    ("it", include_str!("../../../../locales/it.json")),
    ("nl", include_str!("../../../../locales/nl.json")),
    ("pt", include_str!("../../../../locales/pt.json")),
    ("pl", include_str!("../../../../locales/pl.json")),
    ("zh-CN", include_str!("../../../../locales/zh-CN.json")),
    ("ja", include_str!("../../../../locales/ja.json")),
];

fn tag(text: &str) -> LanguageTag {
    LanguageTag::try_from(text).unwrap()
}

fn with(fields: &str) -> String {
    DEMO.replace("\"revision\": 1,", &format!("\"revision\": 1, {fields},"))
}

fn problems(json: &str) -> Vec<String> {
    match SiteConfig::from_json(json) {
        Err(ConfigError::Invalid(list)) => list.iter().map(ToString::to_string).collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

fn locale(language: &str) -> TextsPatch {
    let (_, text) = LOCALES.iter().find(|(l, _)| *l == language).unwrap();
    let mut found = Vec::new();
    let patch = parse_patch(&serde_json::from_str(text).unwrap(), &format!("locales/{language}.json"), &mut found);
    assert_eq!(found, [], "locales/{language}.json");
    patch
}

#[test]
fn every_built_in_language_has_a_locale_file_with_every_text() {
    let files: Vec<&str> = LOCALES.iter().map(|(l, _)| *l).collect();
    let expected: Vec<&str> = BUILT_IN_LANGUAGES.iter().copied().filter(|l| *l != DEFAULT_LANGUAGE).collect();
    assert_eq!(files, expected);
    for (language, _) in LOCALES {
        let patch = locale(language);
        let missing: Vec<_> = TextsPatch::FIELDS.iter().filter(|f| patch.get(f).is_none()).collect();
        assert!(missing.is_empty(), "locales/{language}.json lacks {missing:?}");
        assert_eq!(built_in_locale_path(&tag(language)), Some(format!("locales/{language}.json")));
    }
    assert_eq!(built_in_locale_path(&tag("en")), None, "English is compiled in");
}

#[test]
fn every_built_in_duration_has_the_plural_forms_of_its_language() {
    for (language, _) in LOCALES {
        let patch = locale(language);
        for field in ["duration_minutes", "duration_hours", "duration_days", "duration_months", "duration_years"] {
            let forms = patch.get(field).unwrap().split('|').count();
            assert_eq!(forms, form_count(language), "locales/{language}.json {field}");
        }
    }
}

#[test]
fn durations_read_naturally_in_each_language() {
    let config = SiteConfig::from_json(DEMO).unwrap();
    let years = |language: &str, n| {
        let words = (language != "en").then(|| locale(language));
        config.texts_for(&tag(language), words.as_ref()).lifetime(Lifetime::Years(n), language)
    };
    assert_eq!(years("en", 2), "2 years");
    assert_eq!(years("de", 2), "2 Jahre");
    assert_eq!(years("fr", 1), "1 an");
    assert_eq!(years("pl", 5), "5 lat");
    assert_eq!(years("pl", 2), "2 lata");
    assert_eq!(years("ja", 2), "2年");
    assert_eq!(years("zh-CN", 2), "2 年");
}

#[test]
fn a_translation_applies_in_its_language_and_the_config_texts_in_the_config_language() {
    let json = with(
        r#""texts": {"title": "Cookies at Demo Shop"},
           "translations": {"de": {"title": "Cookies bei Demo Shop",
                                   "categories": {"analytics": {"title": "Statistik"}}}}"#,
    );
    let config = SiteConfig::from_json(&json).unwrap();
    let german = locale("de");
    let de = config.texts_for(&tag("de"), Some(&german));
    assert_eq!(de.title, "Cookies bei Demo Shop");
    assert_eq!(de.accept_all, german.accept_all.clone().unwrap(), "the rest is the built-in German");
    assert_eq!(config.texts_for(&tag("en"), None).title, "Cookies at Demo Shop");
    let fr = config.texts_for(&tag("fr"), Some(&locale("fr")));
    assert_eq!(fr.title, locale("fr").title.unwrap(), "English words of the site do not leak into French");

    let analytics = &config.categories[1];
    assert_eq!(config.category_title(analytics, &tag("de")), Localised { text: "Statistik", language: &tag("de") });
    let german = tag("de");
    let description = config.category_description(analytics, &german);
    assert_eq!((description.text, description.language.as_str()), ("Counts visits.", "en"), "marked as English");
}

#[test]
fn a_site_can_add_a_language_and_visitors_get_it() {
    let json = with(r#""translations": {"sv": {"title": "Vi värnar om din integritet"}}"#);
    let config = SiteConfig::from_json(&json).unwrap();
    let swedish = choose_language(["sv-SE"], &config.languages());
    assert_eq!(swedish.as_str(), "sv");
    assert_eq!(built_in_locale_path(&swedish), None);
    let texts = config.texts_for(&swedish, None);
    assert_eq!((texts.title.as_str(), texts.accept_all.as_str()), ("Vi värnar om din integritet", "Accept all"));
}

#[test]
fn a_config_in_another_language_uses_its_texts_for_that_language() {
    let json = with(r#""language": "de", "texts": {"title": "Ihre Privatsphäre"}"#);
    let config = SiteConfig::from_json(&json).unwrap();
    assert_eq!(config.texts_for(&tag("de"), Some(&locale("de"))).title, "Ihre Privatsphäre");
    assert_eq!(config.texts_for(&tag("en"), None).title, "We value your privacy");
}

#[test]
fn every_problem_in_texts_and_translations_is_named_by_its_path() {
    let json = with(
        r#""texts": {"titel": "x", "accept_all": ""},
           "translations": {
               "deutsch!": {"title": "x"},
               "de": {"placeholder": "{service} ist blockiert.", "close": 3,
                      "categories": {"statistics": {"title": "x"}, "analytics": {"name": "x"}}},
               "fr": {"duration_days": "{n} j|{n} j|{n} j|{n} j"}
           }"#,
    );
    let found = problems(&json);
    assert_eq!(
        found,
        [
            "texts.accept_all: must not be empty (leave it out for the default)",
            "texts.titel: is not a text of the banner; did you mean 'title'?",
            "translations.de.close: must be a string",
            "translations.de.placeholder: must contain {service} and {category}, as the English text does",
            "translations.de.categories.analytics.name: is not a category text: use 'title' or 'description'",
            "translations.de.categories.statistics: is not one of the config's categories (necessary, analytics, \
             marketing)",
            "translations.deutsch!: 'deutsch!' is not a language tag: write a language such as 'de', optionally with \
             a region such as 'pt-BR' or 'zh-CN'",
            "translations.fr.duration_days: has more than 3 plural forms separated by '|'",
        ]
    );
}

#[test]
fn a_served_config_keeps_exactly_the_words_the_site_set() {
    let json = with(
        r##""language": "en", "texts": {"title": "Cookies?"}, "theme": {"accent": "#7a2e8c"},
           "floating_button": "bottom-right",
           "translations": {"de": {"title": "Kekse?", "categories": {"marketing": {"description": "Werbung"}}}}"##,
    );
    let config = SiteConfig::from_json(&json).unwrap();
    let served = serde_json::to_value(&config).unwrap();
    assert_eq!(served["texts"], serde_json::json!({"title": "Cookies?"}));
    assert_eq!(served["translations"]["de"]["categories"]["marketing"]["description"], "Werbung");
    assert_eq!(SiteConfig::from_json(&served.to_string()).unwrap(), config);
}
