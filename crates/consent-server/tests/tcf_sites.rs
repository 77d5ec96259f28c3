//! TCF sites on the endpoint: a config's `tcf` section is checked against the Global Vendor List the server was given
//! (`consent serve --gvl`) when published through the admin API; the first layer states the vendors, stacks and
//! purposes and carries each answer's TC string; records keep their TC string, checked; on SQLite and PostgreSQL.

mod backend;

use axum::http::{Request, StatusCode};
use backend::tcf::{
    accept_all_record, config_with_google_providers, server, tcf_config, tcf_server, tcf_string_of_cmp_300, vendor_list,
};
use backend::{admin, get, json, post_json, send, TestDb};
use consent_server::static_export::{export_static, export_static_with};
use serde_json::{json, Value};

async fn a_vendor_the_list_lacks_is_refused_naming_the_field(db: TestDb) {
    let app = server(&db, Some(vendor_list())).await;
    let response =
        send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", tcf_config(json!([1, 2, 9999, 5])))).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    assert_eq!(body["fields"][0]["path"], "tcf.vendors[2]", "{body}");
    assert_eq!(body["fields"][0]["reason"], "vendor 9999 is not in the Global Vendor List (version 142)", "{body}");
    assert_eq!(body["fields"][1]["path"], "tcf.vendors[3]", "a deleted vendor too: {body}");
    let served = json(send(app, get("/v1/sites/demo-shop/config")).await).await;
    assert_eq!(served["revision"], 1, "the refused config is not served");
}

async fn a_tcf_config_on_a_server_without_a_list_is_refused(db: TestDb) {
    let app = server(&db, None).await;
    let response = send(app, admin("PUT", "/v1/sites/demo-shop/config", tcf_config(json!([1, 2])))).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    assert_eq!(body["fields"][0]["path"], "tcf", "{body}");
    assert!(body["fields"][0]["reason"].as_str().unwrap().contains("--gvl"), "{body}");
}

async fn a_tcf_config_with_listed_vendors_is_published_and_served(db: TestDb) {
    let app = server(&db, Some(vendor_list())).await;
    let response = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", tcf_config(json!([755, 1, 2])))).await;
    assert_eq!(response.status(), StatusCode::OK);
    let served = json(send(app, get("/v1/sites/demo-shop/config")).await).await;
    assert_eq!(served["tcf"]["vendors"], json!([755, 1, 2]));
}

async fn the_first_layer_names_the_vendors_stacks_and_purposes_in_the_visitors_language(db: TestDb) {
    let app = tcf_server(&db).await;
    let response = send(app.clone(), get("/v1/sites/demo-shop/first-layer/de.json")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    assert!(etag.ends_with("-de-gvl142\""), "a new list is a new layer: {etag}");
    let layer = json(response).await;
    let tcf = &layer["tcf"];
    assert_eq!(tcf["vendor_count"], 3, "{tcf}");
    assert_eq!((tcf["gvl_version"].as_u64(), tcf["language"].as_str()), (Some(142), Some("de")));
    // Vendors 1, 2 and 755 use purposes 1 to 4 and 7 to 9: stack 3 (purposes 2, 3, 4) in German, stack 4 (8 and 9)
    // in English (the fixture's German file lacks it), and purposes 1 and 7, which no stack covers, in German.
    let stacks: Vec<&str> = tcf["stacks"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(stacks, ["Personalisierte Werbung", "Content measurement and audience statistics"], "{tcf}");
    let purposes: Vec<&str> = tcf["purposes"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(
        purposes,
        ["Speichern von oder Zugriff auf Informationen auf einem Endgerät", "Messung der Werbeleistung"],
        "{tcf}"
    );

    let accept = &layer["choices"]["accept-all"];
    let tc_string = accept["tc_string"].as_str().expect("accept-all carries its TC string");
    assert_eq!(accept["submission"]["tc_string"], tc_string, "the record template carries it too");
    let decoded = consent_core::tcf::decode_tc_string(tc_string).unwrap();
    assert_eq!((decoded.cmp_id, decoded.consent_language.as_str()), (300, "DE"));
    assert_eq!(decoded.vendors_consent.into_iter().collect::<Vec<_>>(), [1, 2, 755]);
    let reject = consent_core::tcf::decode_tc_string(layer["choices"]["reject-all"]["tc_string"].as_str().unwrap());
    let reject = reject.unwrap();
    assert!(reject.vendors_consent.is_empty() && reject.purposes_consent.is_empty(), "{reject:?}");
}

async fn the_painted_first_layer_states_the_partners_and_names_each_stack_and_purpose(db: TestDb) {
    let app = tcf_server(&db).await;
    let layer = json(send(app, get("/v1/sites/demo-shop/first-layer/de.json")).await).await;
    let html = layer["html"].as_str().unwrap();
    // "3 Partner" is the sentence's link to the vendor list.
    let partners =
        r#"<button type="button" data-consent-action="partners" class="cb-link cb-link-button">3 Partner</button>"#;
    assert!(html.contains(&format!("Wir und unsere {partners} speichern")), "{html}");
    assert!(html.contains("berechtigten Interesses"), "vendor 2 claims a legitimate interest: {html}");
    assert!(html.contains("Ihre Entscheidung gilt nur für diese Website"), "{html}");
    let tcf = &layer["tcf"];
    let named = ["stacks", "purposes", "special_features", "special_purposes", "features"]
        .iter()
        .flat_map(|kind| tcf[kind].as_array().unwrap().iter().map(|item| item["name"].as_str().unwrap().to_owned()));
    for name in named {
        assert!(html.contains(&format!("<li>{name}</li>")), "{name} is not listed: {html}");
    }
    assert!(html.contains("data-consent-action=\"accept-all\""), "the statement made, Accept all is offered");
}

async fn a_site_without_tcf_has_no_tcf_in_its_first_layer(db: TestDb) {
    let app = server(&db, Some(vendor_list())).await;
    let layer = json(send(app, get("/v1/sites/demo-shop/first-layer/de.json")).await).await;
    assert!(layer.get("tcf").is_none() && layer["choices"]["accept-all"].get("tc_string").is_none(), "{layer}");
    assert!(!layer["html"].as_str().unwrap().contains("data-consent-tcf"), "no TCF statement: {layer}");
}

async fn a_record_keeps_its_tc_string_in_the_log_and_the_export(db: TestDb) {
    let app = tcf_server(&db).await;
    let record = accept_all_record(&app).await;
    let response = send(app.clone(), post_json(&record)).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", backend::text(response).await);
    let export = backend::text(send(app.clone(), admin("GET", "/v1/sites/demo-shop/consents", "")).await).await;
    let line: Value = serde_json::from_str(export.lines().next().unwrap()).unwrap();
    assert_eq!(line["tc_string"], record["tc_string"], "{line}");
    let logged: consent_server::LoggedRow = serde_json::from_value(line).unwrap();
    assert!(logged.hash_matches(), "the TC string is covered by the chain hash");
    let mut edited = logged.clone();
    edited.row.tc_string = Some("CQ".into());
    assert!(!edited.hash_matches(), "editing the stored TC string breaks the chain");
}

async fn a_tc_string_that_does_not_decode_or_names_another_cmp_is_refused(db: TestDb) {
    let app = tcf_server(&db).await;
    let mut record = accept_all_record(&app).await;
    record["tc_string"] = json!("CQ-not-a-string");
    let response = send(app.clone(), post_json(&record)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    assert_eq!(body["fields"][0]["path"], "tc_string", "{body}");
    assert!(body["fields"][0]["reason"].as_str().unwrap().starts_with("is not a TC string"), "{body}");

    let mut other = serde_json::from_str::<Value>(&tcf_config(json!([755, 1, 2]))).unwrap();
    other["revision"] = json!(3);
    other["tcf"]["cmp_id"] = json!(301);
    let response = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", other.to_string())).await;
    assert_eq!(response.status(), StatusCode::OK);
    let record = accept_all_record(&app).await;
    let mut stale = record.clone();
    let old = consent_core::tcf::decode_tc_string(record["tc_string"].as_str().unwrap()).unwrap();
    assert_eq!(old.cmp_id, 301, "the layer follows the new config");
    stale["tc_string"] = json!(tcf_string_of_cmp_300());
    let response = send(app, post_json(&stale)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    assert_eq!(body["fields"][0]["reason"], "names CMP id 300, but the site's config has CMP id 301", "{body}");
}

async fn the_vendor_layer_lists_only_the_sites_vendors_in_the_language(db: TestDb) {
    let app = tcf_server(&db).await;
    let response = send(app.clone(), get("/v1/sites/demo-shop/vendors/de.json")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let layer = json(response).await;
    let ids: Vec<u64> = layer["vendors"].as_array().unwrap().iter().map(|v| v["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, [1, 2, 755], "only the site's vendors, of the list's nine");
    assert_eq!((layer["cmp_id"].as_u64(), layer["gvl_version"].as_u64()), (Some(300), Some(142)));
    assert_eq!(layer["language"], "de");
    let ads = &layer["vendors"][1];
    assert_eq!((ads["name"].as_str(), ads["legIntPurposes"].clone()), (Some("Interest Ads"), json!([2, 7])));
    assert_eq!(ads["urls"][0]["legIntClaim"], "https://ads.example/privacy#li");
    assert_eq!(layer["purposes"][0]["name"], "Speichern von oder Zugriff auf Informationen auf einem Endgerät");

    let revalidated = Request::get("/v1/sites/demo-shop/vendors/de.json").header("if-none-match", &etag);
    let response = send(app.clone(), revalidated.body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
    let response = send(app, get("/v1/sites/demo-shop/vendors/xx-nope.json")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// The banner writes the TC string of a choice made in it from the vendor layer's file alone (its `tc`), with the
/// encoder the endpoint uses: its "Accept all" says what the first layer's does, and "Reject all" objects to the
/// legitimate interest of every vendor claiming one for a purpose.
async fn the_vendor_layer_carries_what_the_banner_writes_tc_strings_from(db: TestDb) {
    use consent_core::tcf::{decode_tc_string, encode_tc_string, TcStringContext, TcfChoice, VendorLayer};
    use consent_core::tcf::{ConsentLanguage, ConsentScreen};
    let app = tcf_server(&db).await;
    let first = json(send(app.clone(), get("/v1/sites/demo-shop/first-layer/de.json")).await).await;
    let response = send(app, get("/v1/sites/demo-shop/vendors/de.json")).await;
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let layer: VendorLayer = serde_json::from_slice(&body).expect("the banner reads the file as consent-core wrote it");
    let first_accept = decode_tc_string(first["choices"]["accept-all"]["tc_string"].as_str().unwrap()).unwrap();
    let context = TcStringContext {
        updated_at_unix_seconds: first_accept.last_updated_deciseconds / 10,
        consent_screen: ConsentScreen::FIRST_LAYER,
        consent_language: ConsentLanguage::try_from(&consent_core::LanguageTag::try_from("de").unwrap()).unwrap(),
        use_non_standard_texts: false,
    };
    let accept = decode_tc_string(&encode_tc_string(&layer.tc, &TcfChoice::accept_all(&layer.tc), &context)).unwrap();
    assert_eq!(accept, first_accept, "the banner's Accept all is the first layer's");
    assert_eq!(accept.publisher_cc.as_str(), "DE");
    let reject = decode_tc_string(&encode_tc_string(&layer.tc, &TcfChoice::reject_all(&layer.tc), &context)).unwrap();
    assert!(reject.vendors_consent.is_empty() && reject.vendors_legitimate_interest.is_empty(), "{reject:?}");
    assert_eq!(reject.disclosed_vendors.unwrap().into_iter().collect::<Vec<_>>(), [1, 2, 755]);
}

async fn a_site_without_tcf_has_no_vendor_layer(db: TestDb) {
    let app = server(&db, Some(vendor_list())).await;
    let response = send(app, get("/v1/sites/demo-shop/vendors/de.json")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(json(response).await["error"].as_str().unwrap().contains("does not use IAB TCF"));
}

async fn google_ad_tech_providers_get_an_ac_string_per_answer_and_a_place_in_the_vendor_layer(db: TestDb) {
    let app = server(&db, Some(vendor_list())).await;
    let providers = json!([
        {"id": 1097, "name": "Later Ads", "privacy_url": "https://later.example/privacy"},
        {"id": 89, "name": "Tiller", "privacy_url": "https://tiller.example/privacy"}
    ]);
    let published =
        send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", config_with_google_providers(providers.clone())));
    assert_eq!(published.await.status(), StatusCode::OK);

    let layer = json(send(app.clone(), get("/v1/sites/demo-shop/first-layer/de.json")).await).await;
    assert_eq!(layer["choices"]["accept-all"]["ac_string"], "2~89.1097~dv.", "every provider consented");
    assert_eq!(
        layer["choices"]["reject-all"]["ac_string"], "2~~dv.89.1097",
        "every provider disclosed, none consented"
    );
    assert!(layer["choices"]["accept-all"]["tc_string"].is_string(), "beside the TC string");

    let vendors = json(send(app.clone(), get("/v1/sites/demo-shop/vendors/de.json")).await).await;
    assert_eq!(vendors["google_ad_tech_providers"], providers, "as the config names them, for the vendor layer");

    // The record template carries the answer's AC string too, so the log shows the providers' answer itself.
    let record = accept_all_record(&app).await;
    assert_eq!(record["ac_string"], "2~89.1097~dv.", "{record}");
    let response = send(app, post_json(&record)).await;
    assert_eq!(response.status(), StatusCode::CREATED, "{}", backend::text(response).await);
}

async fn a_google_ad_tech_provider_without_an_https_privacy_link_is_refused_naming_the_field(db: TestDb) {
    let app = server(&db, Some(vendor_list())).await;
    let providers = json!([{"id": 89, "name": "Tiller", "privacy_url": "http://tiller.example/privacy"}]);
    let response = send(app, admin("PUT", "/v1/sites/demo-shop/config", config_with_google_providers(providers))).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = json(response).await;
    assert_eq!(body["fields"][0]["path"], "tcf.google_ad_tech_providers[0].privacy_url", "{body}");
}

/// The TCF config restricting purpose 3 for every vendor using it and purpose 1 for vendor 755.
fn config_with_restrictions(restrictions: Value) -> String {
    let mut config: Value = serde_json::from_str(&tcf_config(json!([755, 1, 2]))).unwrap();
    config["tcf"]["publisher_restrictions"] = restrictions;
    config.to_string()
}

async fn publisher_restrictions_are_served_stated_and_written_in_every_tc_string(db: TestDb) {
    let app = server(&db, Some(vendor_list())).await;
    let restrictions = json!([{"purpose": 3, "restriction": "not_allowed"},
                              {"purpose": 7, "restriction": "not_allowed", "vendors": [755]}]);
    let config = config_with_restrictions(restrictions.clone());
    let published = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", config)).await;
    assert_eq!(published.status(), StatusCode::OK, "{}", backend::text(published).await);
    let served = json(send(app.clone(), get("/v1/sites/demo-shop/config")).await).await;
    assert_eq!(served["tcf"]["publisher_restrictions"], restrictions, "served as written");

    let layer = json(send(app.clone(), get("/v1/sites/demo-shop/first-layer/de.json")).await).await;
    // Only vendor 2 used purpose 3: stack 3 (purposes 2, 3, 4) no longer fits, and 3 is stated nowhere; stacks 2
    // (purposes 2, 7) and 4 (8, 9) stand in for the others but 1 and 4.
    let tcf = &layer["tcf"];
    let ids =
        |items: &Value| -> Vec<u64> { items.as_array().unwrap().iter().map(|i| i["id"].as_u64().unwrap()).collect() };
    assert_eq!((ids(&tcf["stacks"]), ids(&tcf["purposes"])), (vec![2, 4], vec![1, 4]), "{tcf}");
    let accepted = layer["choices"]["accept-all"]["tc_string"].as_str().unwrap();
    let decoded = consent_core::tcf::decode_tc_string(accepted).unwrap();
    let written: Vec<(u8, u8, Vec<u16>)> = decoded
        .publisher_restrictions
        .iter()
        .map(|r| (r.purpose, r.restriction_type, r.vendors.iter().copied().collect()))
        .collect();
    assert_eq!(written, [(3, 0, vec![2]), (7, 0, vec![755])]);
    assert!(!decoded.purposes_consent.contains(&3), "{decoded:?}");

    let vendors = json(send(app.clone(), get("/v1/sites/demo-shop/vendors/de.json")).await).await;
    let row = vendors["vendors"].as_array().unwrap().iter().find(|v| v["id"] == 755).unwrap();
    assert_eq!(row["purposes"], json!([1, 2]), "purpose 7 is gone from vendor 755's row: {row}");
    assert_eq!(vendors["tc"]["publisher_restrictions"][1]["vendors"], json!([755]), "for the banner's TC strings");
    let record = accept_all_record(&app).await;
    let response = send(app, post_json(&record)).await;
    assert_eq!(
        response.status(),
        StatusCode::CREATED,
        "the record keeps its restricted TC string: {}",
        backend::text(response).await
    );
}

async fn a_restriction_that_does_not_fit_its_vendors_is_refused_naming_the_field(db: TestDb) {
    let app = server(&db, Some(vendor_list())).await;
    // Vendor 1 does not use purpose 3; vendor 9 is not one of the site's.
    for (restrictions, path) in [
        (
            json!([{"purpose": 3, "restriction": "not_allowed", "vendors": [2, 1]}]),
            "tcf.publisher_restrictions[0].vendors[1]",
        ),
        (
            json!([{"purpose": 3, "restriction": "not_allowed", "vendors": [9]}]),
            "tcf.publisher_restrictions[0].vendors[0]",
        ),
        (json!([{"purpose": 1, "restriction": "require_li"}]), "tcf.publisher_restrictions[0].restriction"),
    ] {
        let config = config_with_restrictions(restrictions);
        let response = send(app.clone(), admin("PUT", "/v1/sites/demo-shop/config", config)).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body = json(response).await;
        assert_eq!(body["fields"][0]["path"], path, "{body}");
    }
}

#[test]
fn export_static_writes_a_tcf_sites_vendor_layers_and_needs_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = dir.path().join("dist");
    std::fs::create_dir_all(bundle.join("locales")).unwrap();
    std::fs::write(bundle.join("locales/de.json"), include_str!("../../../locales/de.json")).unwrap();
    let out = dir.path().join("public");
    let config = tcf_config(json!([755, 1, 2]));
    let error = export_static(&config, &bundle, &out, None).unwrap_err().to_string();
    assert!(error.contains("tcf: this endpoint has no Global Vendor List"), "{error}");
    assert!(!out.exists(), "nothing written");

    let exported = export_static_with(&config, &bundle, &out, None, Some(&vendor_list())).unwrap();
    let vendors = out.join("v1/sites/demo-shop/vendors/de.json");
    assert!(exported.files.iter().any(|f| out.join(f) == vendors), "{:?}", exported.files);
    let layer: Value = serde_json::from_slice(&std::fs::read(vendors).unwrap()).unwrap();
    assert_eq!(layer["vendors"].as_array().unwrap().len(), 3);
    let first: Value =
        serde_json::from_slice(&std::fs::read(out.join("v1/sites/demo-shop/first-layer/de.json")).unwrap()).unwrap();
    assert_eq!(first["tcf"]["vendor_count"], 3);
}

for_each_backend!(
    publisher_restrictions_are_served_stated_and_written_in_every_tc_string,
    a_restriction_that_does_not_fit_its_vendors_is_refused_naming_the_field,
    google_ad_tech_providers_get_an_ac_string_per_answer_and_a_place_in_the_vendor_layer,
    a_google_ad_tech_provider_without_an_https_privacy_link_is_refused_naming_the_field,
    the_vendor_layer_lists_only_the_sites_vendors_in_the_language,
    the_vendor_layer_carries_what_the_banner_writes_tc_strings_from,
    a_site_without_tcf_has_no_vendor_layer,
    the_first_layer_names_the_vendors_stacks_and_purposes_in_the_visitors_language,
    the_painted_first_layer_states_the_partners_and_names_each_stack_and_purpose,
    a_site_without_tcf_has_no_tcf_in_its_first_layer,
    a_record_keeps_its_tc_string_in_the_log_and_the_export,
    a_tc_string_that_does_not_decode_or_names_another_cmp_is_refused,
    a_vendor_the_list_lacks_is_refused_naming_the_field,
    a_tcf_config_on_a_server_without_a_list_is_refused,
    a_tcf_config_with_listed_vendors_is_published_and_served,
);
