#!/usr/bin/env python3
"""The official DashScope SDK doing one sync wan2.7-image job, for examples/bench_requests.rs.

    sdk_client.py BASE_URL upload|inline OUT_DIR FILE...

upload: the images as file:// paths (the SDK uploads each to temporary storage);
inline: each as a data URI, made with the docs' own recipe (read, base64, join).
The result is downloaded into OUT_DIR, as wanedit does.
"""
import base64, mimetypes, os, sys, urllib.request

import dashscope
from dashscope.aigc.image_generation import ImageGeneration
from dashscope.api_entities.dashscope_response import Message

base, how, out, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
dashscope.base_http_api_url = base


def encode_file(path):
    # As the Model Studio docs show it.
    mime = mimetypes.guess_type(path)[0] or "image/jpeg"
    with open(path, "rb") as f:
        return f"data:{mime};base64,{base64.b64encode(f.read()).decode('utf-8')}"


images = [("file://" + os.path.abspath(f)) if how == "upload" else encode_file(f) for f in files]
content = [{"text": "Put the nine products on one white shelf"}] + [{"image": i} for i in images]
rsp = ImageGeneration.call(model="wan2.7-image", api_key="sk-reference",
                           messages=[Message(role="user", content=content)], size="2K", n=1,
                           watermark=False)
if rsp.status_code != 200:
    sys.exit(f"the SDK's call failed: {rsp.status_code} {rsp.code} {rsp.message}")
for k, choice in enumerate(rsp.output.choices):
    for c in choice.message.content:
        if "image" in c:
            urllib.request.urlretrieve(c["image"], os.path.join(out, f"sdk-{k}.png"))
