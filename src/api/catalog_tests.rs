use super::*;
use crate::i18n::Lang;

/// Why an option is not allowed, in English.
fn why(a: Allowed) -> String {
    a.unwrap_err().words_in(Lang::En)
}

#[test]
fn options_follow_the_table_and_each_other() {
    let pro = ModelSpec::find("wan2.7-image-pro").unwrap();
    let w26 = ModelSpec::find("wan2.6-image").unwrap();
    let w25 = ModelSpec::find("wan2.5-i2i-preview").unwrap();
    let t2i = pro.options(Draft::default());
    assert_eq!(t2i.thinking, Ok(()));
    assert_eq!(t2i.palette, Ok(()));
    let set = pro.options(Draft {
        image_set: true,
        ..Draft::default()
    });
    assert!(why(set.palette).contains("image sets"));
    assert!(why(set.thinking).contains("image sets"));
    let edit = pro.options(Draft {
        images: 1,
        ..Draft::default()
    });
    assert!(why(edit.thinking).contains("text-to-image"));
    // Sentences name the models that do have an option, from the table.
    assert_eq!(
        why(w26.options(Draft::default()).image_set),
        "wan2.6-image has no image-set mode (enable_sequential); only wan2.7-image-pro and wan2.7-image do"
    );
    assert_eq!(
        pro.options(Draft::default()).interleave,
        Err(crate::said!(
            "option-no-interleave",
            model = "wan2.7-image-pro",
            only = crate::said!("option-only-one", model = "wan2.6-image")
        ))
    );
    assert_eq!(
        why(pro.options(Draft::default()).interleave),
        "wan2.7-image-pro has no mixed text-and-image mode (enable_interleave); only wan2.6-image does"
    );
    let il = w26.options(Draft {
        interleave: true,
        images: 1,
        ..Draft::default()
    });
    assert!(why(il.sync).contains("switch the call to async"));
    assert!(why(il.prompt_extend).contains("edit mode"));
    assert!(w25.options(Draft::default()).sync.is_err());
    assert!(w25.options(Draft::default()).boxes.is_err());
    assert_eq!(ModelSpec::most_inputs(), 9);
    assert_eq!(ModelSpec::most_boxes(), 2);
}

#[test]
fn only_the_tiers_a_job_may_ask_for_are_offered() {
    let pro = ModelSpec::find("wan2.7-image-pro").unwrap();
    let plain = ModelSpec::find("wan2.7-image").unwrap();
    let t2i = Draft::default();
    let edit = Draft {
        images: 1,
        ..Draft::default()
    };
    let set = Draft {
        image_set: true,
        ..Draft::default()
    };
    assert_eq!(pro.tiers_for(&t2i), (vec!["1K", "2K", "4K"], "2K"));
    assert_eq!(pro.tiers_for(&edit).0, ["1K", "2K"]);
    assert_eq!(pro.tiers_for(&set).0, ["1K", "2K"]);
    assert!(!plain.tiers_for(&t2i).0.contains(&"4K"));
}

#[test]
fn every_model_is_found_by_id_and_ids_are_unique() {
    let ids = ModelSpec::ids();
    assert_eq!(
        ids,
        vec![
            "wan2.7-image-pro",
            "wan2.7-image",
            "wan2.6-image",
            "wan2.5-i2i-preview"
        ]
    );
    for id in ids {
        assert_eq!(ModelSpec::find(id).unwrap().id, id);
    }
    assert!(ModelSpec::find("wan2.7").is_none());
}

#[test]
fn only_pro_offers_4k_and_only_for_text_to_image() {
    let pro = ModelSpec::find("wan2.7-image-pro").unwrap();
    assert!(
        pro.size_rule(SizeMode::TextToImage)
            .unwrap()
            .tiers
            .contains(&"4K")
    );
    assert!(!pro.size_rule(SizeMode::Edit).unwrap().tiers.contains(&"4K"));
    for m in MODELS.iter().filter(|m| m.id != "wan2.7-image-pro") {
        assert!(!m.all_tiers().contains(&"4K"), "{}", m.id);
    }
}

#[test]
fn wan25_is_async_only_and_boxes_are_wan27_only() {
    let m = ModelSpec::find("wan2.5-i2i-preview").unwrap();
    assert!(m.sync_path.is_none());
    assert_eq!(m.async_path, "/services/aigc/image2image/image-synthesis");
    let reason = m.boxes_unsupported_reason().unwrap().words_in(Lang::En);
    assert!(
        reason.contains("wan2.7-image-pro and wan2.7-image"),
        "{reason}"
    );
    assert!(
        ModelSpec::find("wan2.7-image")
            .unwrap()
            .boxes_unsupported_reason()
            .is_none()
    );
}
