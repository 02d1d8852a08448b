//! A realistic history entry for the benchmarks: two input images with boxes, a set of four
//! results, usage, timings, a long prompt; one in ten failed.

use std::path::PathBuf;

use wanedit::api::job::{BBox, ImageSource, JobImage, JobSpec};
use wanedit::api::wire::{OutputItem, Usage};
use wanedit::store::history::{HistoryEntry, HistoryStatus, StoredInput, StoredOutput, Timings};

pub fn entry(i: usize) -> HistoryEntry {
    let mut spec = JobSpec::new(
        "wan2.7-image-pro",
        &format!(
            "Job {i}: spray the graffiti from image 2 onto the car in box 1 of image 1, keep the \
             reflections on the windscreen and the shadow under the car exactly as they are"
        ),
    );
    for n in 0..2 {
        let mut img = JobImage::new(ImageSource::File(PathBuf::from(format!(
            "/home/designer/shoot/car-{i}-{n}.jpg"
        ))));
        img.boxes = vec![BBox::new(120, 80, 1400, 900), BBox::new(10, 10, 300, 200)];
        spec.images.push(img);
    }
    let items: Vec<OutputItem> = (0..4)
        .map(|k| OutputItem::Image {
            url: format!(
                "https://dashscope-result-sgp.oss-ap-southeast-1.aliyuncs.com/1d/{i:08}/{k}.png?Expires=1795599446&OSSAccessKeyId=LTAI5tExample&Signature=abcdefghijklmnopqrstuvwxyz0123456789%3D"
            ),
        })
        .collect();
    HistoryEntry {
        id: format!(
            "20261125-{:06}-{:03}-{:04x}",
            i / 1000,
            i % 1000,
            i & 0xffff
        ),
        created_ms: 1_795_576_500_000 + i as u64 * 1000,
        spec,
        inputs: (0..2)
            .map(|n| StoredInput {
                name: format!("car-{i}-{n}.jpg"),
                file: Some(format!("{:064x}.jpg", i * 2 + n)),
            })
            .collect(),
        base_url: "https://dashscope-intl.aliyuncs.com/api/v1".into(),
        region: None,
        out_dir: "/home/designer/Pictures/wanedit".into(),
        status: if i.is_multiple_of(10) {
            HistoryStatus::Failed
        } else {
            HistoryStatus::Done
        },
        sentence: i.is_multiple_of(10).then(|| {
            "the service refused the request (HTTP 400 InvalidParameter): The size is invalid."
                .into()
        }),
        code: None,
        request_id: Some(format!("0385dc79-5ff8-4d82-bcb6-{i:012x}")),
        task_id: Some(format!("task-{i:08x}-4d82-bcb6-000000005ccd")),
        usage: Some(Usage {
            image_count: Some(4),
            size: Some("2048*2048".into()),
            ..Default::default()
        }),
        timings: Timings {
            sent_ms: Some(120),
            task_ms: Some(480),
            answered_ms: Some(41_000),
            finished_ms: Some(43_500),
        },
        outputs: (0..4)
            .map(|k| StoredOutput {
                file: format!("{:064x}.png", 1_000_000 + i * 4 + k),
                saved_as: format!("/home/designer/Pictures/wanedit/wan-{i}-{k}.png").into(),
                composite: None,
                flag: None,
            })
            .collect(),
        items,
        notices: vec![],
        parent: None,
        choice: None,
    }
}
