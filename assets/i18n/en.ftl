# wanedit's words in English: the reference every other language file follows.
# One message per visible string; { $name } is put in by the code.

## Boxes
box-name = Box { $number } on image { $image }, { $x1 },{ $y1 } – { $x2 },{ $y2 }
box-name-short = Box { $number }

## The shortcut sheet
shortcuts-title = Keyboard shortcuts
shortcuts-everywhere = Everywhere
shortcuts-canvas = Canvas
shortcuts-boxes = Boxes (on the canvas)
shortcuts-compare = Compare view
shortcut-run = Run the job
shortcut-ui-zoom-in = Make everything larger
shortcut-ui-zoom-out = Make everything smaller
shortcut-ui-zoom-reset = Everything at its normal size
shortcut-undo = Undo the last box edit, removal or reopen
shortcut-redo = Redo
shortcut-sheet = Show or hide this sheet
shortcut-fit = Fit the image to the canvas
shortcut-zoom-100 = 100 % (one image pixel per screen pixel)
shortcut-zoom-200 = 200 %
shortcut-zoom-400 = 400 %
shortcut-zoom-800 = 800 %
shortcut-new-box = Add a box in the middle of the view
shortcut-next-box = Select the next box
shortcut-previous-box = Select the previous box
shortcut-move-box = Move the selected box 1 px
shortcut-move-box-far = Move the selected box 10 px
shortcut-far-edge = Move the right or bottom edge 1 px
shortcut-far-edge-far = Move the right or bottom edge 10 px
shortcut-near-edge = Move the left or top edge 1 px
shortcut-near-edge-far = Move the left or top edge 10 px
shortcut-delete-box = Delete the selected box
shortcut-deselect = Deselect the box
shortcut-next-crop = Next box crop
shortcut-flip = Flip between before and after
gesture-drag-image = drag on the image
gesture-drag-handle = drag a handle
gesture-wheel = mouse wheel
gesture-draw-box = Draw a box
gesture-keep-aspect = Resize keeping the aspect ratio
gesture-zoom = Zoom about the pointer
gesture-pan = Pan the view

## The prompt panel
prompt-instruction = Instruction

## Settings
settings-language = Language
settings-language-system = As the system

## Toolbar
toolbar-model = Model
toolbar-add-images = Add images…
toolbar-add-images-hover = Or drop files on the window, or paste an image (Ctrl+V)
toolbar-browse = Browse here…
toolbar-browse-hover = wanedit's own file picker, for when the system dialog does not open
toolbar-image-url = Image URL
toolbar-add-url = Add URL
toolbar-not-a-url = "{ $url }" is not a web address; it must start with https://
toolbar-undo = Undo
toolbar-undo-hover = Undo the last box edit, removal or reopen ({ $keys })
toolbar-redo = Redo
toolbar-redo-hover = Redo ({ $keys })
toolbar-shortcuts = Shortcuts
toolbar-settings = Open Settings
toolbar-shortcuts-hover = Every keyboard shortcut ({ $keys })

## The strip of inputs
strip-show-image = Show image { $number }
strip-show = Show
strip-show-hover = Show image { $number } on the canvas
strip-remove-image = Remove image { $number }
strip-remove = Remove
strip-make-target = Make image { $number } the target
strip-target = Target
strip-target-hover = Composite the results into this image (only its boxes change)
strip-empty = No images yet: drop files here, paste an image (Ctrl+V), type a URL, or use Add images…
strip-is-target = Target
strip-is-target-hover = Results are lined up with this image and only its boxes change
strip-card-hover = Image { $number }: { $name }. Click to show it, drag it to change its number
strip-repaired = repaired
strip-loading = loading…
strip-refused = refused

## The boxes panel
readout-boxes = Boxes
readout-no-image = Add an image to draw boxes on it.
readout-not-ready = Image { $number } is not ready.
readout-size = Image { $number }: { $width }×{ $height } px as sent
readout-how-to-draw = Drag on the image to draw a box (at most 2).
readout-delete = Delete
readout-delete-hover = Delete box { $box } of image { $number }
readout-field-hover = Box { $box } { $field } of image { $number }, in image pixels
readout-call = call { $number }
readout-as-sent = bbox_list as sent

## The prompt panel: presets
preset-box-edit-name = Interactive box edit
preset-box-edit-text = Replace the object in box 1 of image 1 with a ceramic teapot; keep the lighting, shadows and everything outside the box unchanged.
preset-fusion-name = Multi-image fusion
preset-fusion-text = Put the subject of image 2 into the scene of image 1, matching the light, perspective and colour grading of image 1.
preset-subject-name = Subject preservation
preset-subject-text = Keep the person in image 1 exactly as they are (face, hair, clothing) and place them in a sunny street café.
preset-detection-name = Detection (labelled boxes)
preset-detection-text = Detect every cup in image 1 and draw a labelled bounding box around each one, with the label "cup".
preset-segmentation-name = Segmentation
preset-segmentation-text = Segment the main object in image 1: show it in its original colours on a solid black background, everything else removed.
preset-extract-name = Extract onto white
preset-extract-text = Extract the product from image 1 and place it centred on a pure white background, with a soft natural shadow.
preset-watermark-name = Remove watermark
preset-watermark-text = Remove the watermark and any overlaid text from image 1; fill the area so that it matches the surroundings.
preset-text-name = Edit text
preset-text-text = Change the text on the sign in image 1 to "OPEN", keeping the font, colour and perspective of the original lettering.
preset-viewpoint-name = New viewpoint
preset-viewpoint-text = Show the object in image 1 from a 45-degree angle above and to the left, keeping its shape, materials and colours.
preset-fisheye-name = Fisheye
preset-fisheye-text = Render image 1 as if shot with a fisheye lens: strong barrel distortion, the centre enlarged, the edges curved.

## The prompt panel
prompt-composite = Only the boxes change (composite)
prompt-composite-hover = Wan paints the whole picture again; with this on, each result is lined up with the target image and only its boxes are kept: everything outside is the original, pixel for pixel. The raw result is kept beside it.
prompt-feather = Feather
prompt-feather-hover = How many pixels the edit fades into the original (0: a hard edge)
prompt-margin = Margin
prompt-margin-hover = Grow the boxes by this many pixels before compositing
prompt-match-colour = Match colours to the surround
prompt-match-colour-hover = Shift each box's colours so that they meet the original around it
prompt-composite-format = File type
prompt-format-same = Same as the target
prompt-composite-format-hover = A JPEG stays a JPEG: its blocks outside the boxes are copied without loss, so it keeps its quality and about its size. A PNG stays a PNG; WebP, BMP, TIFF and GIF give PNG. The photo's colour profile, camera details, author and copyright go with it.
prompt-detail = Detail
prompt-detail-auto = Auto
prompt-detail-on = On
prompt-detail-off = Off
prompt-detail-hover = Send a crop around the target's boxes instead of the whole photo: the same pixel budget over fewer photo pixels, so a box in a large photo is edited sharp. Auto turns it on when the whole photo gets under one output pixel per photo pixel and the crop at least 1.5 times more. One call either way.
prompt-strip-location = Leave the location out
prompt-strip-location-hover = The composite keeps the photo's camera details, author and copyright, but not where it was taken (GPS).
prompt-heading = Prompt
prompt-preset = Preset
prompt-preset-pick = insert a template…
prompt-instruction-hint = e.g. replace the cup in box 1 with a teapot
prompt-characters = { $count } / { $max } characters
prompt-negative-hover = What to avoid, at most { $max } characters
prompt-negative-none = { $model } does not take a negative prompt; write what to avoid into the instruction
prompt-negative = Negative prompt
prompt-size = Size
prompt-size-custom = W*H (custom)
prompt-size-4k-hover = 4096×4096: text-to-image on wan2.7-image-pro only
prompt-size-custom-hover = exact width and height
prompt-size-tier-hover = total pixels; the shape follows the last input image
prompt-width-height = Width × height
prompt-height = Height
prompt-n = Images (n)
prompt-n-hover = How many images to make; each is billed
prompt-seed = Seed
prompt-seed-fixed = fixed
prompt-seed-hover = The same seed gives similar, not identical, results
prompt-watermark = Watermark ("AI Generated")
prompt-extend-hover = Let the service rewrite the prompt for better results
prompt-extend = Prompt extend
prompt-async-hover = Async: create a task and poll it (recommended for 1–2 minute jobs; can be cancelled while queued)
prompt-async-only = This model runs only as an async task
prompt-async = Run as async task
prompt-run = Run
prompt-run-hover = Run the job ({ $keys })
prompt-building-request = Building the request…
prompt-copy-curl = Copy request as curl
prompt-copy-curl-hover = The exact request, with the key as $DASHSCOPE_API_KEY

## The prompt panel: the model's own modes
prompt-image-set = Image set (up to { $max } images in one style)
prompt-image-set-hover = enable_sequential: one call makes a consistent series (storyboards, product sets); n is the most it makes
prompt-thinking-hover = Slower, better composition; text-to-image only
prompt-thinking = Thinking mode
prompt-palette-hover = Colours the picture should use, with their shares ({ $min } to { $max }; shares add up to 100%)
prompt-palette = Colour palette
prompt-colour = Colour { $number }
prompt-share = share %
prompt-remove-colour = Remove colour
prompt-add-colour = Add colour
prompt-palette-total = total { $total }%
prompt-interleave = Mixed text and images
prompt-interleave-hover = enable_interleave: an illustrated answer, text parts between the pictures (0–1 input image; runs as a task)
prompt-max-images = At most images

## Settings: key, region, folder, look
settings-heading = Settings
settings-key-from-env = API key: from DASHSCOPE_API_KEY (it wins over a stored key)
settings-key-stored = API key: from the keychain or entered here
settings-no-key = No API key yet
settings-api-key = API key
settings-keychain = Keychain: { $state }
settings-forget-key = Forget the stored key
settings-output-folder = Output folder
settings-theme = Theme
settings-interface-size = Interface size
settings-interface-size-hover = Ctrl+plus and Ctrl+minus zoom the whole window; Ctrl+0 resets
settings-jpeg-quality = JPEG quality
settings-jpeg-quality-hover = What Save as writes a JPEG at (92 unless you choose another; higher keeps more detail in a larger file)
settings-check-key-hover = One free request (the upload policy): it creates nothing billable
settings-check-key-first = Enter a key first
settings-check-key = Check key
settings-checking-key = checking the key…
settings-region = Region
settings-custom-base-url = Custom base URL
settings-region-models = Wan models: { $models }
settings-base-url = Base URL
region-ap-southeast-1 = Singapore (international)
region-cn-beijing = China (Beijing)
region-us-east-1 = US (Virginia)
region-eu-central-1 = Germany (Frankfurt)
region-cn-hongkong = China (Hong Kong)
region-ap-northeast-1 = Japan (Tokyo)
region-token-plan = Token Plan (Beijing)
theme-system = Follow the system
theme-light = Light
theme-dark = Dark

## The first run
welcome-step = Step { $number }: { $name }
welcome-title = Welcome to wanedit
welcome-intro = Three steps to a first edit with Wan. Nothing here is billed.
welcome-region = region
welcome-region-text = API keys belong to one region: pick the region your key was made in (Model Studio console → API keys).
welcome-key = API key
welcome-key-from-env = The key comes from DASHSCOPE_API_KEY.
welcome-keychain = Keychain: { $state }.
welcome-key-this-run = The key is kept for this run only: there is no system keychain here.
welcome-paste-key-keychain = Paste your key: it is kept in the system keychain, never in a file or a log, and never shown again.
welcome-paste-key-no-keychain = Paste your key: there is no system keychain here (install and unlock GNOME Keyring or KWallet to keep it), so it is kept for this run only, never in a file or a log.
welcome-your-key = Your API key
welcome-images = images
welcome-images-text = Add up to 9 images (or drop them on the window, or paste one with Ctrl+V). Image 1, image 2 … follow the strip's order: that is how the prompt names them.
welcome-browse-hover = wanedit's own file picker (also a path or URL field)
welcome-sample = Try a sample
welcome-sample-hover = Two bundled photos, a box and a prompt, ready to run

## The window: tabs, status line
canvas-empty =
    Drop up to 9 images here, paste one (Ctrl+V), or use Add images…
    Image 1, image 2 … follow the order of the strip above: that is how the prompt refers to them.
canvas-refused = Image { $number } cannot be used: { $why }
welcome-skip = Skip for now
welcome-skip-hover = Show the canvas; Settings has the key and region
welcome-back-to-images = Back to the images
welcome-bar-no-key = No API key yet: look, zoom and draw boxes now; Run needs a key.
welcome-bar-refused = The key was refused: { $why }
welcome-bar-set-up-key = Set up the key…
prompt-move-target-last = Move the target image last
prompt-save-recipe = Save as recipe
prompt-save-recipe-hover = Keep this job (prompt, model, options, boxes as fractions) as a recipe for batches
tab-canvas = Canvas
tab-compare = Compare
tab-history = History
tab-batch = Batch
status-checking = checking…
status-key = Key: { $state }
status-idle = { $count } image(s) · { $model } · drag to draw a box, wheel to zoom, Space+drag to pan; every shortcut: { $sheet }
notifications-earlier = Earlier messages ({ $count })
notifications-clear = Clear
key-valid = valid
key-refused = refused
key-wrong-place = not for this region
key-no-connection = no connection

## The History tab
history-filter = Filter
history-filter-hint = words from the prompt, model, status, request_id, file name
history-reload = Reload history
history-kept-in = kept in { $folder }
history-dismiss = Dismiss
history-empty = No jobs yet: every job you run is kept here, with its inputs, boxes, prompt and results.
history-no-match = No job matches the filter.
history-no-image = no image
history-no-prompt = (no prompt)
history-compare = Compare
history-compare-item = Compare history item { $number }
history-compare-hover = Show its results beside its inputs (before/after)
history-reopen = Reopen
history-reopen-item = Reopen history item { $number }
history-reopen-hover = Put its images, boxes, prompt and settings in the editor
history-rerun = Re-run (bills again)
history-rerun-item = Re-run history item { $number }
history-rerun-hover = Reopen it and run it again (billed again)
history-fetch = Fetch again
history-fetch-item = Fetch history item { $number } again
history-fetch-hover = Download its results again (their links last 24 hours)
history-open-folder = Open folder
history-open-folder-item = Open the folder of history item { $number }
history-really-delete = Really delete?
history-really-delete-item = Really delete history item { $number }?
history-delete = Delete
history-delete-item = Delete history item { $number }
history-delete-hover = Remove it from history (its copies of inputs and results; files in your output folder stay)
history-status-running = running
history-status-interrupted = interrupted: wanedit closed while it ran
history-status-resuming = resuming
history-status-waiting = waiting to resume
history-status-done = done
history-status-incomplete = results not all saved
history-status-failed = failed
history-status-cancelled = cancelled
history-status-expired = expired
history-text-to-image = text-to-image
history-images-in =
    { $count ->
        [one] 1 image in
       *[other] { $count } images in
    }
history-call = call { $index } of { $of } (box { $number })
history-boxes =
    { $count ->
        [one] 1 box
       *[other] { $count } boxes
    }
history-results =
    { $count ->
        [one] 1 result
       *[other] { $count } results
    }
history-billed = billed { $count }
history-task = task { $task }

## The Compare tab
compare-nothing = Run a job and pick a result to compare it with its input.
compare-before = Before
compare-result = result { $number }
compare-no-input = no input
compare-image = image { $number }
compare-result-composite = result { $number } composite
compare-result-raw = result { $number } raw
compare-from-history = history, { $when }: "{ $words }" result { $number }
compare-save-as = Save as…
compare-copy-image = Copy image
compare-copy-image-hover = Copies the result at its full size
compare-use-as-input = Use as input
compare-show-composite = Show composite
compare-show-composite-hover = Back to the composite: only the boxes changed
compare-show-raw = Show raw result
compare-show-raw-hover = The whole picture as the service returned it
compare-export-sheet = Export before/after sheet…
compare-export-sheet-hover = One PNG for client review: before and after side by side, boxes outlined and numbered

## The compare view
compare-side-by-side = Side by side
compare-wipe = Wipe
compare-flip = Flip (Space)
compare-difference = Difference
compare-difference-hover = Where the result differs from the target, as heat over the dimmed target (lined up first, so a shift is not taken for a change)
compare-gain = Gain
compare-gain-hover = Amplify small differences
compare-crop-of = Box { $number } of { $count } at 1:1 (Tab: next)
compare-crops = Box crops at 1:1
compare-crops-hover = Each box at 100 %, before beside after; Tab moves to the next box
compare-wipe-position = Wipe position
compare-fit = Fit
compare-view = Compare view
compare-after = After
compare-wipe-tag = Before | After  (drag to wipe, Shift+drag to pan)
compare-flip-before = Before (Space: after)
compare-flip-after = After (Space: before)
compare-difference-tag = Difference to the target (lined up first): dark = unchanged
compare-difference-tag-before = Difference to the before picture: dark = unchanged
compare-no-before = No input to compare with
compare-working = Working out the difference…

## The results panel
results-heading = Results
results-empty = Run a job: its status and results appear here.
results-job = Job { $id }
results-cancel-job = Cancel job { $id }
results-copy-error = Copy error
results-resume = Resume
results-resume-job = Resume the task of job { $id }
results-resume-hover = Poll the task again and download its results (nothing is sent again)
results-fetch-job = Fetch the results of job { $id } again
results-fetch-hover = Download its results again into the output folder (their links last 24 hours; nothing is billed)
results-save-all = Save all of job { $id }…
results-least-change = Least change outside the boxes first (job { $id })
results-result-of-job = Result { $number } of job { $id }
results-detail = detail
results-outside = {" "}· { $share } % outside

## A job as the window shows it
job-reading = reading images
job-validating = validating
job-uploading = uploading { $done }/{ $total }
job-sending = sending
job-downloading = downloading { $total }
job-compositing = compositing { $total }
job-queued = queued · { $secs } s
job-working = { $stage } · { $secs } s
job-cancelling = cancelling…
job-done = done in { $secs } s · { $count } image(s)
job-partly-saved = made in { $secs } s, { $saved } of { $made } saved: fetch the rest again within 24 hours
job-failed = failed after { $secs } s
job-cancelled = cancelled after { $secs } s

## The Batch tab
batch-cap-not-amount = the spend cap "{ $cap }" is not an amount: enter e.g. 5 or leave it empty
batch-billed = Billed (from the service's counts): { $billed }
batch-plan = Plan
batch-use-current = Use the current job
batch-use-current-hover = The prompt, model, options and boxes of the job in the window, boxes as fractions of each photo
batch-save-recipe-hover = Keep this recipe in the list (a small JSON file; wanedit batch --recipe takes it too)
batch-recipes = Recipes
batch-none-saved = none saved
batch-saved = { $count } saved
batch-recipe-named = recipe "{ $name }"
batch-recipe-line =
    Recipe ({ $from }): { $model } · "{ $prompt }" · { $boxes ->
        [0] no box
        [one] 1 box
       *[other] { $boxes } boxes
    } · { $n } image(s) each · { $mode }
batch-async = async tasks
batch-sync = sync calls
batch-no-recipe = No recipe yet: compose a job on the canvas (one photo, its boxes, the prompt) and press Use the current job, or pick a saved recipe.
batch-add-files = Add files…
batch-add-folder = Add a folder…
batch-clear = Clear
batch-clear-files = Clear the files
batch-files = { $count } file(s)
batch-drop-here = (or drop files and folders here)
batch-and-more = { $names } and { $more } more
batch-results-into = Results into
batch-spend-cap = Spend cap
batch-cap-none = none
batch-spend-cap-hover = The batch pauses before what is billed and on its way would go over this (needs a known price)
batch-estimate = Estimate: { $estimate }
batch-cap-needs-price = A spend cap needs a price: enter it in Prices, under Settings
batch-start-files = Start the batch ({ $count } file(s))…
batch-confirm = Send { $count } file(s) to { $region }? The service bills every image it makes.
batch-start = Start the batch
batch-cancel = Cancel
batch-do-not-start = Do not start the batch
batch-none-yet = No batch yet.

## The key and the keychain
keychain-reading = reading the keychain…
keychain-not-used-session = not used: the key is kept for this session
keychain-storing = storing in the keychain…
keychain-removing = removing the key from the keychain…
keychain-has-key = a key is stored in the system keychain
keychain-no-key = no key is stored in the system keychain
keychain-stored = the key is stored in the system keychain
key-none-yet = no API key yet: enter one first
keychain-not-used = not used

## wanedit's own file picker
picker-title = Choose images
picker-path = Path or URL
picker-path-hint = /home/me/Pictures/photo.jpg, a folder/, or https://…
picker-parent = Parent folder
picker-empty = no folders or images here
picker-folder = Folder { $name }
picker-add-chosen = Add chosen images
picker-add =
    { $count ->
        [one] Add 1 image
       *[other] Add { $count } images
    }

## File dialogs
dialog-add-images = Add images
dialog-images = Images

## Running a job
run-wait-loading = wait: images are still loading
run-image-refused = image { $number } cannot be used: { $why }; remove it
run-no-key = no API key: enter one in Settings or set DASHSCOPE_API_KEY
run-building-curl = building the request as curl…
job-starting = starting

## Samples
sample-ready = two sample photos, a box on image 2 and a prompt are ready: press Run

## History actions
resume-the-task = resuming the task
rerun-again = running the reopened job again
fetching-again = fetching the results again…

## The canvas
canvas-label = Canvas for image { $number }
canvas-too-many-boxes = image { $number } already has { $count } boxes, the most the API takes per image; select one and press Delete to draw another

## Batches and prices
billed-nothing = nothing
billed-today-month = today (UTC) { $day }; this month { $month }
recipe-needs-photo = add the photo the edit is about first (a recipe keeps its boxes as fractions)
recipe-wait = wait until image 1 has loaded
recipe-one-photo = a recipe runs over one photo at a time, and this job has { $count } images: keep only the photo the edit is about
prices-heading = Prices
prices-per-image = { $model } in { $place }: { $price } per image
prices-unknown = { $model } in { $place }: no price known
prices-yours = Your price per image
prices-currency = Currency
prices-set = Set
prices-set-yours = Set your price
prices-not-a-price = "{ $typed }" is not a price: enter what one image costs, e.g. 0.03
prices-use-wanedits = Use wanedit's
prices-remove-yours = Remove your price
region-other = the server set in Settings
shortcuts-close = Close

## A batch under way
batch-batches = Batches:
batch-in = Batch in { $folder }
batch-progress = { $ended } of { $total } ended: { $done } done, { $running } running, { $failed } failed
batch-progress-unsure = , { $count } may have run
batch-progress-left =  · about { $time } left
batch-images-billed = { $count } image(s) billed
batch-pause = Pause the batch
batch-pause-hover = No further item starts; those under way finish
batch-resume = Resume the batch
batch-resume-hover = Items whose task exists are polled, never sent again
batch-export = Export { $count } accepted…
batch-export-hover = Copies the accepted results into a folder you choose
batch-retry = Retry { $count } failed (billed again)
batch-retry-hover = Sends the failed items again; each image they make is billed
batch-send-unsure = Send { $count } that may have run again (may bill twice)
batch-send-unsure-hover = Their first request may have run and been billed: check the console's usage first
batch-open-folder = Open the batch's folder
batch-why = Why { $count } item(s) did not end done
batch-no-reason = no reason was given

## Refusals before anything is sent (ours)
refuse-prompt-empty = the prompt is empty; describe the edit, e.g. "replace the cup in box 1 with a teapot"
refuse-prompt-long = the prompt is { $count } characters; { $model } takes at most { $max }, shorten it
refuse-no-negative = { $model } does not take a negative prompt; write what to avoid into the prompt instead
refuse-negative-long = the negative prompt is { $count } characters; { $model } takes at most { $max }, shorten it
refuse-image-count =
    the job has { $count } input { $count ->
        [one] image
       *[other] images
    }; { $model } takes { $min } to { $max }
refuse-image-count-exact =
    the job has { $count } input { $count ->
        [one] image
       *[other] images
    }; { $model } takes exactly { $min }
refuse-image-count-interleave =
    the job has { $count } input { $count ->
        [one] image
       *[other] images
    }; { $model } in mixed text-and-image mode takes { $min } to { $max }
refuse-image-count-interleave-exact =
    the job has { $count } input { $count ->
        [one] image
       *[other] images
    }; { $model } in mixed text-and-image mode takes exactly { $min }
canvas-readout = x { $x }  y { $y } px   zoom { $zoom }%

## Saving and opening
saved-file = saved { $file }
saving-stopped = saving stopped: { $why }
saved-sheet = saved the before/after sheet as { $file }
sheet-stopped = making the sheet stopped: { $why }
save-all-title = Save all results into…
saved-all = saved { $count } results into { $folder }

## The key check's sentences (ours)
keycheck-dns = its name could not be looked up: offline, or DNS is blocked
keycheck-refused-connection = the connection was refused
keycheck-timeout = no answer in time
keycheck-tls = the secure connection failed (a proxy that intercepts HTTPS?)
keycheck-valid = the key is valid for { $place }
keycheck-invalid = this key is not valid in { $place }; keys are per region — pick the region the key was made in, or make a key for this region in the Model Studio console
keycheck-service-refused = { $place } refused the key check: { $why }
keycheck-no-connection = no connection to { $host } ({ $why }); check the network, a proxy (HTTPS_PROXY) or the region and base URL, then check again
keycheck-not-the-service = the answer from { $place } did not come from the service ({ $why }); a proxy or captive portal may be in between

## Refusals of a job (ours, continued)
refuse-unknown-model = "{ $model }" is not a model wanedit knows; choose one of { $models }
refuse-composite-no-target = compositing the result into its target needs a target image with boxes: { $why }; or turn compositing off
refuse-max-images-without-interleave = max_images applies only to the mixed text-and-image mode (enable_interleave); turn that mode on or leave max_images out
refuse-image-format-unknown = image { $image } is not JPEG, PNG, BMP or WebP; convert it to one of those
refuse-image-format = image { $image } is { $format }; { $model } does not take that format
refuse-image-alpha = image { $image } has transparency (an alpha channel); { $model } refuses it: flatten it onto a background
refuse-image-small = image { $image } is { $width }×{ $height } px; { $model } needs at least { $min } px per side
refuse-image-large = image { $image } is { $width }×{ $height } px; { $model } takes at most { $max } px per side
refuse-image-aspect = image { $image } is { $width }×{ $height } px, an aspect ratio of { $aspect }:1; { $model } takes at most { $max }:1
refuse-image-bytes = image { $image } is { $mb } MB; { $model } takes files up to { $max } MB
refuse-boxes-unsupported = { $why }; remove the boxes or pick a wan2.7 model
refuse-too-many-boxes = image { $image } has { $count } boxes; { $model } takes at most { $max } per image
refuse-box-inverted = box { $number } of image { $image } ({ $corners }) is empty or inverted; its second corner must be right of and below the first
refuse-box-outside = box { $number } of image { $image } reaches ({ $corner }), outside the { $width }×{ $height } px image; move it inside
size-mode-t2i = text-to-image
size-mode-sets = image sets
size-mode-this = this mode
size-mode-edit = editing
size-mode-interleave = mixed text-and-image output
size-allowed-pixels = only W*H sizes
size-allowed-tiers = { $tiers } or W*H
size-hint-4k =  (4K is for text-to-image without an image set)
refuse-size-tier = size { $size } is not available for { $mode } with { $model }; it takes { $allowed }{ $hint }
refuse-size-pixels = size { $size } is { $pixels } pixels; { $model } needs between { $min } ({ $min_side }²) and { $max } ({ $max_side }²) for { $mode }
refuse-size-aspect = size { $size } has an aspect ratio of { $aspect }:1; { $model } takes at most { $max }:1
refuse-n-sets = n is { $n }; image sets on { $model } make { $min } to { $max } images
refuse-n-interleave = n is { $n }; mixed text-and-image output on { $model } needs n = { $needed } (use max_images for more pictures)
refuse-max-images = max_images is { $count }; { $model } takes { $min } to { $max }
refuse-n = n is { $n }; { $model } makes { $min } to { $max } images per call
refuse-seed = seed { $seed } is too large; use 0 to { $max }
refuse-palette-count = the colour palette has { $count } colours; it needs { $min } to { $max }
refuse-palette-hex = palette colour { $number } "{ $hex }" is not a #RRGGBB colour
refuse-palette-share = palette colour { $number } has a share of { $share }%; each share must be above 0 and at most 100
refuse-palette-total = the colour palette's shares add up to { $total }%; they must add up to 100.00%

## What a model takes (ours)
option-only-one = only { $model } does
option-only-many = only { $models } and { $last } do
option-no-image-set = { $model } has no image-set mode (enable_sequential); { $only }
option-no-interleave = { $model } has no mixed text-and-image mode (enable_interleave); { $only }
option-no-thinking = { $model } has no thinking mode; { $only }
option-thinking-with-images = thinking mode applies only to text-to-image; leave it out when the job has input images
option-thinking-with-sets = thinking mode does not apply to image sets; turn one of them off
option-no-palette = { $model } does not take a colour palette; { $only }
option-palette-with-sets = a colour palette cannot be used with image sets; turn one of them off
option-no-prompt-extend = { $model } does not take prompt_extend; leave it out
option-prompt-extend-with-interleave = prompt_extend works only in { $model }'s edit mode, not with mixed text-and-image output; leave it out
option-no-watermark = { $model } does not take watermark
option-async-only = { $model } runs only as an async task; switch the call to async
option-interleave-async-only = { $model }'s mixed text-and-image mode needs a streamed answer when called sync, which wanedit does not use; switch the call to async
option-no-boxes = { $model } does not take edit regions (bbox_list); { $only }

## Models
model-blurb-27-pro = Wan 2.7 Pro: best quality, 4K text-to-image, up to 9 inputs, boxes
model-blurb-27 = Wan 2.7: fast, up to 9 inputs, boxes
model-blurb-26 = Wan 2.6: 1–4 inputs, negative prompt, mixed text-and-image mode
model-blurb-25 = Wan 2.5 preview: 1–3 inputs, negative prompt (async only)

## Errors of a job (ours; the service's own message is shown as it came)
err-service-advice = the service refused the request (HTTP { $status } { $code }): { $message }; { $advice }{ $rid }
err-service = the service refused the request (HTTP { $status } { $code }): { $message }{ $rid }
advice-key = check the API key, and that it belongs to the selected region (keys are per region)
advice-moderation = the content moderation refused the input or the output: change the prompt or the images
advice-quota = the account's quota is used up: raise it in the console
advice-rate = too many requests: wait a minute and run it again
advice-overdue = the account is overdue: settle it in the Alibaba Cloud console
advice-forbidden = the key may not use this model or workspace: activate the model in the console, or check the region
advice-not-found = check the model name and the region / base URL
advice-too-large = the request is too large: use fewer or smaller images
advice-bad-request = change what the message names and run it again
advice-server = the service had a problem: try again in a little while
err-task-failed = the task { $task } failed: { $code }: { $message }{ $rid }; nothing was billed
err-task-canceled = the task { $task } was canceled{ $rid }
err-task-unknown = the service no longer knows task { $task } (UNKNOWN): tasks are kept for 24 hours, or the id belongs to another region or account{ $rid }
err-unreachable = could not reach { $host }: { $detail }; check the network and the region / base URL in settings
err-no-answer = the generation request was sent but no answer came ({ $detail }); it may still run and be billed, so it was not resent: check the console's task list before trying again
err-malformed = the service answered HTTP { $status } with a body wanedit cannot read{ $rid }: { $snippet }
err-result-expired = the result { $name } has expired (HTTP { $status }): result links last 24 hours; run the job again
err-download = downloading the result { $name } failed: { $detail }; the task's results stay downloadable for 24 hours
err-upload = uploading { $name } to temporary storage failed: { $detail }
err-read-input = could not read { $path }: { $detail }
err-write-output = could not write { $path }: { $detail }; choose another output folder or free some space
err-no-key = no API key: set DASHSCOPE_API_KEY, or store one with `wanedit key set` or in the app's settings
err-not-recorded = { $sentence }; nothing was sent
err-canceled-before = cancelled before the request was sent; nothing was billed
err-still-running = the task { $task } { $detail }; it stays recorded: wanedit resume (or reopening the window) fetches its result while the service keeps it (24 hours){ $rid }
err-no-results = the service reported success but returned no image{ $detail }; nothing can be saved: run the job again, and quote the request_id if it keeps happening{ $rid }
err-redirected = { $host } answered the request with a redirect (HTTP { $status }) to { $location }; wanedit does not send a paid request on to another address: check the region / base URL in settings
err-too-large = { $host } sent an answer larger than { $limit } MB, far beyond any real one; it was not read: check the base URL in settings
err-cancel-refused = the service did not cancel task { $task } (it said: { $detail }); a task can be cancelled only while it waits in the queue, so this one may still finish and be billed{ $rid }

## Recording a job (ours)
not-recorded-job = wanedit could not record the job ({ $why })
not-recorded-end = wanedit could not record the end of the job ({ $why })
not-recorded-task-end = wanedit could not record the end of the task ({ $why })
history-has-no-job = history has no job { $id }
not-recorded-download = wanedit could not record the download ({ $why })

## Waiting for a task (ours)
still-running-after-cancel = was still running { $seconds } s after the service accepted its cancel (it may finish and be billed)
still-running-after-wait = was still not finished after { $minutes } minutes of waiting

## Images: repairs and refusals (ours)
repair-oriented = turned upright as its EXIF orientation says
repair-flattened-alpha = transparency flattened onto white (the service refuses alpha)
repair-dropped-alpha = its unused alpha channel removed (the service refuses alpha; every pixel was opaque)
repair-converted = converted from { $from } to { $to } (the service does not take { $from })
detail-box = image { $image }, box { $number }: { $whole } → { $detailed }
detail-box-off = image { $image }, box { $number }: { $whole } ({ $detailed } with detail)
detail-on = Detail: { $figures } output pixels per photo pixel; image { $image } is sent as a { $width }×{ $height } crop around its boxes (1 call, the same cost)
detail-off = Detail off: { $figures } output pixels per photo pixel; the whole image is sent
detail-split = Detail: { $figures } output pixels per photo pixel; the boxes are too far apart for one crop, so image { $image } is sent as one crop per box ({ $calls } calls, each billed)
detail-part = Call { $index } of { $of }: box { $number } of image { $image }, sent as its own crop
detail-part-not-sent = Call { $index } of { $of } (box { $number }) was not sent: the job was cancelled
detail-part-failed = Call { $index } of { $of } (box { $number }) did not succeed ({ $why }); the composites hold the boxes edited before it, and nothing more was sent
detail-part-onto-missing = The composite of the call before ({ $file }) could not be read ({ $why }): this result is composited into the target itself, with its own box only
detail-part-tidied = The earlier call's composite (its own box only) is kept in History; the output folder keeps the composite with every box
repair-cmyk = converted from CMYK to RGB colour
repair-eight-bits = sent with 8 bits per channel instead of 16 (the composite keeps the 16 bits outside the boxes)
repair-to-srgb = converted from { $profile } to sRGB, the colours the model reads (the composite goes back to { $profile })
repair-scaled-down = scaled down from { $from } to { $to } px to fit the model's limit; its boxes were scaled too
repair-reencoded = re-encoded from { $from } MB to { $to } MB to fit the model's file-size limit
repair-metadata-left-out = sent without its camera details, location and names (EXIF, XMP, IPTC): the service needs only the pixels
refusal-not-an-image = it is not an image wanedit can read (JPEG, PNG, BMP, WebP, GIF or TIFF)
refusal-svg = it is an SVG drawing; export it as PNG or JPEG first
refusal-damaged = it is damaged or cut short ({ $why }); export or download it again
refusal-too-large = it claims to be { $width }×{ $height } px; wanedit opens images up to { $max_mp } megapixels and { $max_side } px per side
damaged-cut-short = the { $format } data ends before the image does (the file was cut short)
probe-header-damaged = its header is damaged ({ $why }); re-export the image

## Prices (ours)
price-entered-by-you = entered by you
estimate-priced =
    { $images } { $images -> 
        [one] image
       *[other] images
    } at { $each } each ≈ { $total } ({ $model } in { $place }; price { $source }, { $checked })
estimate-unpriced =
    { $images } { $images -> 
        [one] image
       *[other] images
    }; no price is known for { $model } in { $place }: enter it in Prices, under Settings (or with wanedit prices set) to see the cost

## The ledger (ours)
ledger-images-in-jobs =
    { $images } { $images -> 
        [one] image
       *[other] images
    } in { $jobs } { $jobs -> 
        [one] job
       *[other] jobs
    }
ledger-unpriced =
    { $images } { $images -> 
        [one] image
       *[other] images
    } with no known price
list-separator = { ", " }
ledger-not-written = the billed images could not be added to the ledger { $file } ({ $why })

## Batch tab news
batch-image-1-not-loaded = image 1 has not loaded
batch-recipe-current-job = the current job
batch-pick-folder-title = Images for the batch
batch-no-key = no API key: enter it in Settings first
batch-choose-recipe = choose a recipe first
batch-add-files-first = add the files to run the recipe over
batch-choose-out = choose the folder the results go into
batch-started = batch started: its results and batch.json go into its folder
batch-not-listed = that batch is no longer listed
batch-ended =
    batch in { $folder }: { $done } of { $items } done, { $billed } { $billed -> 
        [one] image
       *[other] images
    } billed{ $stopped }
batch-ended-stopped = ; { $why }
batch-resuming-left = resuming the batch in { $folder } that an earlier run left
batch-export-title = Export the accepted results
batch-pausing = pausing: the items under way finish, no more start
batch-sending-again =
    sending { $count } { $count -> 
        [one] item
       *[other] items
    } again: each image they make is billed
price-saved = price saved

## Compare tab news
copying-full-image = copying the image at its full size…
sheet-needs-local-before = a sheet needs the before image as a local file; choose another Before
raw-result-sentence = Raw result; { $sentence }

## History news
resuming-open-tasks =
    resuming { $count } { $count -> 
        [one] task
       *[other] tasks
    } left open when wanedit last closed
task-no-longer-open = the task is no longer open in the journal (it ended, or was resumed elsewhere)
history-unknown-model = the job used { $model }, which this wanedit does not know
history-no-copy = history has no copy of { $name }; add the image again
fetch-again-no-key = no API key: enter one in Settings or set DASHSCOPE_API_KEY

## Samples
samples-not-written = could not write the sample photos into { $folder }: { $why }

## Inputs
inputs-full = wanedit takes up to { $most } images (the most any model accepts); { $extra } not added — remove one to make room
pasted-needs-path = a pasted image needs a file path
oss-no-preview = oss:// inputs cannot be previewed
pasted-malformed = the pasted image is malformed

## Compositing (ours)
not-composited = not composited: { $why }
composited-detail = detail: sent as a { $width }×{ $height } crop
composited-into = composited into image { $image } (lined up { $match_percent } %); { $change }
composited = composited
composite-not-written = the composite could not be written in { $folder } ({ $why })

## Compositing: what changed
composite-change = outside the boxes the service's own file changed { $share } % of the pixels visibly (by more than { $threshold } of 255; on average by { $mean }, at most by { $max }), which the composite leaves out

## Lining a result up (ours)
register-shape = the result ({ $result }) does not have the target's shape ({ $target }): the service shapes its output after the last input image, so put the target image last
register-boxes-cover-all = the boxes cover almost the whole picture: too little is left outside them to line the result up with, so the result is kept as the service made it
register-no-match = the result does not line up with the target outside the boxes (match { $found } %, needs { $needed } %): the model re-framed the picture or made another one, so it is not composited and is kept as the service made it

## The target of a region edit (ours)
target-beyond =
    the target is image { $image }, but the job has { $count } { $count -> 
        [one] image
       *[other] images
    }
target-no-boxes = image { $image } is the target but has no boxes: draw the region to edit on it
target-none-boxed = no image has boxes: draw the region to edit on the target image
target-many-boxed = images { $images } all have boxes: mark the one the edit is about as the target

## The target of a region edit, continued
target-not-last = the target is image { $image }, but the service shapes its output after the last image (image { $last }): the result will not line up with the target; move image { $image } last

## History on disk (ours)
history-action-copy = copy a file into
history-action-create = create
history-action-delete = delete from
history-action-write = write
history-error = wanedit could not { $action } its history in { $path } ({ $detail }); free some disk space or make the folder writable

## Jobs (ours)
image-cannot-be-used = image { $image } ({ $name }) cannot be used: { $why }
made-fewer = the service made { $made } of the { $asked } images asked for (billed per image made)

## Batch items (ours)
item-may-have-run = its request was sent and wanedit stopped before the answer came, so it may have run and been billed; it is not sent again by itself: check the usage in the console, then retry it if you want it (a retry bills again)
item-task-unrecorded = its task { $task } is recorded nowhere wanedit can resume it from; fetch it by hand within 24 hours
item-task-goes-on = { $why }; its task goes on, and is polled again when the batch is resumed
item-task-failed = its task failed
item-failed = it failed
item-ran-again = wanedit stopped before this job was sent; its batch ran it again

## Reading the user's files (ours)
every-name-taken = every name like { $name } is taken in { $folder }
input-missing = it does not exist; check the path
input-folder = it is a folder, not an image file; choose a file inside it
input-not-regular = it is not a regular file (a pipe, device or socket); save the image to a file and add that
input-too-large = it is { $mb } MB, more than the { $limit } MB wanedit reads; make it smaller first
input-denied = wanedit may not read it ({ $why }); check its permissions
input-io = it could not be read ({ $why })
input-stopped = reading it was stopped

## Downloads (ours)
download-not-image = the link returned { $kind } ({ $bytes } bytes), not an image
download-not-image-untyped = the link returned something without a type ({ $bytes } bytes), not an image
download-too-large = the link sent more than { $limit } MB, far beyond any real result; it was not saved
download-failed = could not download { $url }: { $why }

## Batches (ours)
batch-manifest-unreadable = could not read { $file } ({ $why }); is this a batch's folder?
batch-no-images = no images to run the batch on (JPEG, PNG, BMP, WebP, GIF or TIFF)
batch-paused-cap = paused at the spend cap of { $cap }: { $spent } billed or on the way, and one more item would make { $would }; raise the cap and resume the batch
batch-paused = paused: the waiting items start when the batch is resumed
batch-stopped = stopped: { $why }; the waiting items start when the batch is resumed

## File dialogs (ours)
dialog-did-not-open-why = the system file dialog did not open ({ $portal }; { $zenity })
dialog-no-portal = no file-chooser portal answered on D-Bus
dialog-no-dbus = there is no D-Bus session for a file-chooser portal
dialog-zenity-failed = zenity failed too
dialog-no-zenity = zenity is not installed
dialog-did-not-open = the system file dialog did not open

## Exporting results (ours)
export-not-written = could not write { $file }: { $why }; choose another place or free some space
export-not-written-into = could not write { $name } into { $folder }: { $why }; choose another folder or free some space
export-no-file-name = a result has no file name
export-not-copied = could not copy { $file } into { $folder }: { $why }
export-copied = { $count } accepted result(s) copied into { $folder }

## Results: a failed job
results-error-code = code: { $code }

## Regions and addresses (ours)
region-unknown = an unknown region
workspace-in-region = workspace { $workspace } in { $region }
region-unknown-id = unknown region "{ $region }"; choose one of { $regions }
region-no-shared-host = { $region } has no shared host; enter your workspace id to use { $host }
token-plan-no-workspace = Token Plan has one host of its own and takes no workspace id: pick "Token Plan (Beijing)" without one
token-plan-key-elsewhere = This is a Token Plan key (it starts with sk-sp-), which works only on Token Plan's own host: pick "Token Plan (Beijing)" as the region, or enter a pay-as-you-go key made in this region
token-plan-other-key = Token Plan takes only its own keys, which start with sk-sp-: enter the plan's key, or pick the region this key was made in
token-plan-model = Token Plan serves { $models }, not { $model }: pick one of them, or a pay-as-you-go region
token-plan-oss = oss:// links are temporary uploads of pay-as-you-go, which Token Plan does not document: add the file itself (it is sent inline)
token-plan-sync = Token Plan documents only sync calls: this job is sent as one
token-plan-upload = Token Plan documents no uploads: local files are sent inline, so "upload" cannot be used there (choose auto or inline)
token-plan-unconfirmed-path = Token Plan documents only sync image calls on its host: wanedit does not send { $path } there
token-plan-cat-confirmed = Confirmed by Token Plan's pages:
token-plan-cat-unconfirmed = Not confirmed there, so wanedit does this instead:
token-plan-cat-sync = sync image calls of wan2.7-image and wan2.7-image-pro
token-plan-cat-models = other models: refused before anything is sent
token-plan-cat-async = async calls and tasks: the job is sent as a sync call
token-plan-cat-uploads = temporary uploads and oss:// links: files are sent inline
token-plan-cat-usage = billing figures in the answer: when absent, the images made are counted
token-plan-cat-key-check = a free key check: one request the service refuses without making anything
token-plan-cat-prices = prices per image: yours, entered in Credits
workspace-id-invalid = "{ $workspace }" is not a workspace id (letters, digits, - and _, like ws-abc123); copy it from the Model Studio console
base-url-no-scheme = base URL "{ $url }" must start with https:// (e.g. https://dashscope-intl.aliyuncs.com/api/v1)
base-url-no-host = base URL "{ $url }" has no host name

## Sending files (ours)
file-changed-while-sent = the file changed on disk after wanedit checked it; run the job again

## Fetching again (ours)
fetched-again =
    { $count } { $count -> 
        [one] result
       *[other] results
    } fetched again
fetched-not-all = the results could not all be fetched

## Running (ours)
cancel-refused-running = job { $job }: the task is already running on the service and cannot be cancelled; its result will still arrive
curl-copied = request copied as curl (the key appears as $DASHSCOPE_API_KEY)

## Opening folders (ours)
folder-not-opened = could not open { $folder } ({ $opener }: { $why }); open it in your file manager

## Recipes (ours)
recipe-not-json = this is not a wanedit recipe (JSON: { $why })
recipe-version = this recipe is version { $version }; this wanedit reads version { $reads }: save it again from the window, or update wanedit
recipe-no-version = this is not a wanedit recipe (it has no "version")
recipe-unreadable = the recipe cannot be read: { $why }; save it again from the window
recipe-too-many-boxes = the recipe has { $count } boxes; the models take at most { $max } per image
recipe-box-outside = box { $number } of the recipe is not a box inside the picture (its edges are fractions of width and height, 0 to 1, left before right and top before bottom)

## Connections (ours)
connection-broke = the connection broke before the answer ({ $why })

## The batch's contact sheet
batch-item-waiting = waiting
batch-item-running = running
batch-item-done = done
batch-item-failed = failed
batch-item-may-have-run = may have run
batch-before = before
batch-changed-outside = { $share } % changed outside the boxes
batch-accept = Accept
batch-reject = Reject
batch-accept-item = Accept item { $index }
batch-reject-item = Reject item { $index }
duration-seconds = { $n } s
duration-minutes = { $n } min
duration-hours = { $h } h { $m } min
composer-put-back = { $images } image(s), { $boxes } box(es) and the prompt
composer-crashed = wanedit closed unexpectedly last time: { $what } are back.
composer-report-left = wanedit closed unexpectedly last time and left a crash report (nothing in it is your key).
composer-open-report = Open the crash report
composer-copy-report = Copy the report
composer-report-title = Crash report
composer-dismiss = Dismiss
panel-collapse = Collapse { $name }
panel-expand = Show { $name }
panel-strip = the images
panel-results = results
panel-readout = the boxes panel
results-collapsed = Results: { $count } job(s)
run-cost = Bills { $images } { $images ->
        [one] image
       *[other] images
    }: ≈ { $total }
run-cost-unpriced = Bills { $images } { $images ->
        [one] image
       *[other] images
    }; no price known: enter one in Prices, under Settings
composer-another-window = Another wanedit window is open on this data folder: it keeps its images and boxes; this one does not keep its own.

owner-elsewhere-pid = in another wanedit, pid { $pid }
owner-elsewhere = in another wanedit
owner-what-task = Task { $task }
owner-what-job = This job's download
owner-what-batch = This batch
err-elsewhere = { $what } is running { $elsewhere }; it goes on there (nothing is sent or downloaded twice).
owner-taken-over-later = { $why } This window takes it over if that wanedit ends first.
batch-lock-failed = The batch in { $folder } could not be locked for this wanedit ({ $why }); check that the folder can be written to.
batch-wait-stopped = This window no longer follows the batch in { $folder }: it goes on in the other wanedit, and the progress here is as it was then; "Resume the batch" follows it again and takes it over once that one ends.
batch-taken-over = The other wanedit ended: the batch in { $folder } goes on here.
batch-review-elsewhere = { $why } Review it once it has ended there.
download-stalled = nothing arrived for { $seconds } s
download-too-slow = it came too slowly ({ $bytes } bytes in { $seconds } s)
download-progress-of = downloading: { $got } of { $of } at { $rate }/s
download-progress = downloading: { $got } at { $rate }/s
download-quiet = ; nothing for { $seconds } s
watch-unchanged = task { $task }: { $status } for { $time }
watch-unreadable = task { $task }: its status could not be read for { $seconds } s ({ $why }); trying again
status-unreadable = could not be read for { $minutes } minutes ({ $why })
still-running-after-wait-secs = was still not finished after { $seconds } s of waiting
owner-here = already in this wanedit
batch-stop-watching = Stop following it here
batch-stop-watching-hover = The batch goes on in the other wanedit; this window stops showing its progress
prompt-names-missing-image = The prompt names image { $number }, but the job has { $images } image(s).
prompt-names-missing-box = The prompt names box { $number }, but no image has more than { $most } box(es).
input-removed = Removed { $name }; Undo (Ctrl+Z) puts it back with its boxes.
input-put-back = { $name } is back, with its boxes.
reopened = Reopened the job of { $when }.
reopened-undoable = Reopened the job of { $when }; Undo (Ctrl+Z) brings back what was here.
reopen-undone = The images, boxes and prompt from before the Reopen are back.
reopen-redone = The reopened job is back; Undo (Ctrl+Z) brings back what was here.
images-picker-instead = { $why }: choose the images in wanedit's own picker.
images-picker-here = { $why }. Choose the images here instead.
image-copied = Copied the image ({ $width }×{ $height } px) to the clipboard.
keychain-unavailable = No system keychain could be used, so a key typed in is kept for this run only. To keep it, install and unlock one (GNOME Keyring, KWallet), or set DASHSCOPE_API_KEY.
keychain-refused = The system keychain refused access: unlock it and try again. Until then a key typed in is kept for this run only.
settings-forget-run-key = Forget the key (kept for this run only)
task-status-pending = waiting in the service's queue ({ $code })
task-status-running = being made ({ $code })
task-status-succeeded = made ({ $code })
task-status-failed = failed ({ $code })
task-status-canceled = cancelled ({ $code })
task-status-unknown = unknown to the service ({ $code })
names-unclosed = The name "{ $template }" has a {"{"} without its {"}"}; close it, e.g. {"{"}name{"}"}-edit.
names-unknown = The name uses {"{"}{ $token }{"}"}, which wanedit does not know; use {"{"}name{"}"}, {"{"}model{"}"}, {"{"}date{"}"} or {"{"}prompt{"}"}.
names-empty = The name leaves nothing to call a file; add letters or {"{"}name{"}"}.
settings-result-names = Result names
settings-result-names-hover = How results are named, then -1, -2…: {"{"}name{"}"} is the image edited (or the prompt's first words), also {"{"}model{"}"}, {"{"}date{"}"}, {"{"}prompt{"}"}. The default is {"{"}name{"}"}-edit (coffee-edit-1.png).
batch-thumb-open = { $what } (click: open large in Compare)
batch-open-item = Open item { $index } large
batch-open-input = Open item { $index } large, from its photo
picker-save-title = Save
picker-save-why = { $why }. Choose where to save it here instead.
picker-save-name-label = Name
picker-save-format = Format
picker-save-here = Save here
picker-save-into = Save into this folder
picker-save-folder-hint = Open the folder to save into, then Save into this folder.
picker-save-name = Give the file a name (no / in it).
picker-save-taken = { $name } is in this folder already: wanedit never writes over a file; choose another name or folder.
prompt-names-box-none = The prompt names box { $number }, but the job has no boxes yet: draw it on the image it means.

## Keep exactly what you want: each box from its chosen result
choice-result-not-lined-up = result { $result } was not lined up with the target, so it cannot be taken into a box: choose another result or the original
choice-result-unreadable = result { $result } could not be read from history ({ $why }): choose another result, or fetch the job's results again
choice-split-job = each box of this job was sent in a call of its own (detail mode), and each call's composite already holds every box: choose per box on a job sent in one call
choice-no-boxes = this job has no boxes to choose results for
choice-box-count = the job has { $boxes } box(es) and { $given } were chosen: name each box once
choice-no-such-result = there is no result { $result }: the job made { $results }
choice-no-job = there is no job { $id } in history: `wanedit history` lists them
choice-no-target = history has no copy of image { $image } (the target): the composite cannot be made again
choice-kept = kept: { $boxes }, written to { $path }
choice-box-from = box { $number } from result { $result }
choice-box-original = box { $number } from the original
compare-boxes = Box by box
compare-boxes-hover = Each box with its candidates side by side (the original and every result, composited): take the one you want for each box. Nothing is sent, nothing billed
boxes-view-help = Click a picture or press 0–9 to take it for this box (0 = the original); Tab: the next box. The composite is made again from the results you have: nothing is sent
choice-original = Original
choice-taken = { $name } (taken)
choice-no-candidate = not composited
choice-candidate = Box { $number }: { $name }
choice-take-hover = Take this for the box (key { $key })
choice-scale = shown at { $percent } %
choice-making = Making the composite of your choice…
choice-none-yet = Take a candidate for a box: the composite of your choice appears here and is kept with the job
choice-kept-picture = The composite of your choice
shortcut-take-candidate = Box view: take the original (0) or result 1–9 for the box
choice-fit-all = All in view
choice-fit-all-hover = Show every candidate in the view's width (smaller than 1:1 when they do not fit); off: 1:1, scroll sideways
# mask painting
mask-tool-box = Box tool
mask-tool-box-hover = Draw, select, move and resize boxes ({ $keys })
mask-tool-brush = Brush
mask-tool-brush-hover = Paint, inside a box, the pixels that take the result; the rest of a painted box stays the original ({ $keys }; { $smaller } and { $larger } change the size). A stroke where no box is gets a box of its own.
mask-tool-eraser = Eraser
mask-tool-eraser-hover = Give painted pixels back to the original ({ $keys })
mask-tool-lasso = Lasso
mask-tool-lasso-hover = Drag round a part of a box: what the outline closes takes the result ({ $keys })
mask-brush-smaller = Brush smaller
mask-brush-larger = Brush larger
mask-brush-size = Size { $size } px
mask-brush-size-hover = The brush's radius, in pixels of the image (the circle under the pointer)
mask-clear = Clear mask
mask-clear-box-hover = Take the painted strokes off box { $number }: the whole box takes the result again
mask-clear-image-hover = Take every painted stroke off image { $number }: each box takes the result whole again
shortcut-tool-box = Box tool: draw, move and resize boxes
shortcut-tool-brush = Brush: paint which pixels of a box take the result
shortcut-tool-eraser = Eraser: give painted pixels back to the original
shortcut-tool-lasso = Lasso: an outline whose inside takes the result
shortcut-brush-smaller = Brush smaller
shortcut-brush-larger = Brush larger
gesture-paint-mask = Paint the mask (brush, eraser or lasso)
# flags and lineage
flag-no-job = History has no job { $id } (it was deleted?): its result's flag cannot be kept.
flag-no-result = The job in history has no result { $number }: its flag cannot be kept.
flag-not-recorded = This result's job is not in history yet: flag it once the job is recorded.
export-picked-none = No picked result to export: pick one first (P on a result in Compare).
export-picked-unread = could not read { $name } in history: { $why }
export-picked-done = { $count } picked result(s) exported into { $folder }
shortcut-pick = Pick the result shown (again: not picked)
shortcut-reject = Reject the result shown (again: not rejected)
shortcut-unflag = Clear the result's flag
results-picked-only = Picked only
results-none-picked = No result is picked yet: P on a result in Compare picks it.
export-picked = Export picked…
export-picked-hover = Copies of the picked results (the composite where there is one) into a folder you choose; nothing there is replaced, nothing is sent.
export-picked-title = Export the picked results into
exporting-picked = Exporting the picked results…
flag-pick = Pick
flag-reject = Reject
flag-unpick = Not picked
flag-unreject = Not rejected
flag-picked = Picked
flag-rejected = Rejected
flag-pick-result = Pick result { $number } of job { $id }
flag-reject-result = Reject result { $number } of job { $id }
history-picked-only = Picked only
history-as-list = List
history-as-list-hover = Every job, newest first
history-as-tree = Lineage
history-as-tree-hover = Each job under the job whose picture it edited (Use as input, a saved result opened again, Fork from here)
history-tree-choose = Choose a step in the tree: its picture and buttons (Compare, Reopen, Fork from here…) are shown here.
history-fork = Fork from here
history-fork-item = Fork from history item { $number }
history-fork-hover = A new composition whose image 1 is this job's picture (its picked result, or its first); Undo brings back what the strip held.
history-fork-nothing = This job has no picture to fork from.
history-after = after the job of { $when }
history-flags = { $picked } picked, { $rejected } rejected
forked = Forked from the job of { $when }: its picture is image 1.
forked-undoable = Forked from the job of { $when }: its picture is image 1 (Ctrl+Z brings back what was here).
results-hidden-by-picked = { $count } finished job(s) with no picked result hidden (Picked only)
