use super::*;

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
    assert!(set.palette.unwrap_err().contains("image sets"));
    assert!(set.thinking.unwrap_err().contains("image sets"));
    let edit = pro.options(Draft {
        images: 1,
        ..Draft::default()
    });
    assert!(edit.thinking.unwrap_err().contains("text-to-image"));
    // Sentences name the models that do have an option, from the table.
    assert_eq!(
        w26.options(Draft::default()).image_set,
        Err("wan2.6-image has no image-set mode (enable_sequential); only wan2.7-image-pro and wan2.7-image do".into())
    );
    assert_eq!(
        pro.options(Draft::default()).interleave,
        Err("wan2.7-image-pro has no mixed text-and-image mode (enable_interleave); only wan2.6-image does".into())
    );
    let il = w26.options(Draft {
        interleave: true,
        images: 1,
        ..Draft::default()
    });
    assert!(il.sync.unwrap_err().contains("switch the call to async"));
    assert!(il.prompt_extend.unwrap_err().contains("edit mode"));
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
    let reason = m.boxes_unsupported_reason().unwrap();
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
