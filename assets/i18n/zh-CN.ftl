# wanedit 的简体中文。键与 en.ftl 相同。

## 框
box-name = 图像 { $image } 上的框 { $number }，{ $x1 },{ $y1 } – { $x2 },{ $y2 }
box-name-short = 框 { $number }

## 快捷键一览
shortcuts-title = 键盘快捷键
shortcuts-everywhere = 全局
shortcuts-canvas = 画布
shortcuts-boxes = 框（在画布上）
shortcuts-compare = 对比视图
shortcut-run = 运行任务
shortcut-ui-zoom-in = 放大整个界面
shortcut-ui-zoom-out = 缩小整个界面
shortcut-ui-zoom-reset = 界面恢复正常大小
shortcut-undo = 撤销上一次框编辑、移除或重新打开
shortcut-redo = 重做
shortcut-sheet = 显示或隐藏此一览
shortcut-fit = 使图像适合画布
shortcut-zoom-100 = 100 %（一个图像像素对应一个屏幕像素）
shortcut-zoom-200 = 200 %
shortcut-zoom-400 = 400 %
shortcut-zoom-800 = 800 %
shortcut-new-box = 在视图中央添加一个框
shortcut-next-box = 选择下一个框
shortcut-previous-box = 选择上一个框
shortcut-move-box = 将所选框移动 1 px
shortcut-move-box-far = 将所选框移动 10 px
shortcut-far-edge = 将右边或下边移动 1 px
shortcut-far-edge-far = 将右边或下边移动 10 px
shortcut-near-edge = 将左边或上边移动 1 px
shortcut-near-edge-far = 将左边或上边移动 10 px
shortcut-delete-box = 删除所选框
shortcut-deselect = 取消选择框
shortcut-next-crop = 下一个框的裁切
shortcut-flip = 在编辑前后之间切换
gesture-drag-image = 在图像上拖动
gesture-drag-handle = 拖动控制点
gesture-wheel = 鼠标滚轮
gesture-draw-box = 绘制框
gesture-keep-aspect = 保持宽高比调整大小
gesture-zoom = 以指针为中心缩放
gesture-pan = 平移视图

## 提示词
prompt-instruction = 指令

## 设置
settings-language = 语言
settings-language-system = 跟随系统

## 工具栏
toolbar-model = 模型
toolbar-add-images = 添加图像…
toolbar-add-images-hover = 也可以把文件拖到窗口中，或粘贴图像（Ctrl+V）
toolbar-browse = 在此浏览…
toolbar-browse-hover = wanedit 自带的文件选择器，供系统对话框无法打开时使用
toolbar-image-url = 图像 URL
toolbar-add-url = 添加 URL
toolbar-not-a-url = “{ $url }”不是网址，必须以 https:// 开头
toolbar-undo = 撤销
toolbar-undo-hover = 撤销上一次框编辑、移除或重新打开（{ $keys }）
toolbar-redo = 重做
toolbar-redo-hover = 重做（{ $keys }）
toolbar-shortcuts = 快捷键
toolbar-settings = 打开设置
toolbar-shortcuts-hover = 所有键盘快捷键（{ $keys }）

## 输入图像栏
strip-show-image = 显示图像 { $number }
strip-show = 显示
strip-show-hover = 在画布上显示图像 { $number }
strip-remove-image = 移除图像 { $number }
strip-remove = 移除
strip-make-target = 将图像 { $number } 设为合成目标
strip-target = 目标
strip-target-hover = 将结果合成到此图像中（只有框内会改变）
strip-empty = 还没有图像：把文件拖到这里、粘贴图像（Ctrl+V）、输入 URL，或使用“添加图像…”
strip-is-target = 目标
strip-is-target-hover = 结果会与此图像对齐，只有框内会改变
strip-card-hover = 图 { $number }：{ $name }。点击显示，拖动可更改编号
strip-repaired = 已修复
strip-loading = 加载中…
strip-refused = 无法使用

## 框面板
readout-boxes = 框
readout-no-image = 添加图像后即可在上面绘制框。
readout-not-ready = 图像 { $number } 尚未就绪。
readout-size = 图像 { $number }：发送时为 { $width }×{ $height } px
readout-how-to-draw = 在图像上拖动即可绘制框（最多 2 个）。
readout-delete = 删除
readout-delete-hover = 删除图像 { $number } 的框 { $box }
readout-field-hover = 图像 { $number } 的框 { $box } 的 { $field }（以图像像素计）
readout-call = 调用 { $number }
readout-as-sent = 发送的 bbox_list

## 提示词面板：模板
preset-box-edit-name = 框内编辑
preset-box-edit-text = 将 image 1 中 box 1 里的物体替换为一把陶瓷茶壶；保持光照、阴影以及框外的一切不变。
preset-fusion-name = 多图融合
preset-fusion-text = 把 image 2 的主体放进 image 1 的场景中，光线、透视和色调与 image 1 保持一致。
preset-subject-name = 主体保持
preset-subject-text = 完全保留 image 1 中的人物（面部、头发、服装），并将其置于阳光明媚的街边咖啡馆中。
preset-detection-name = 检测（带标签的框）
preset-detection-text = 检测 image 1 中的每一个杯子，并在每个杯子周围画出带标签“cup”的边界框。
preset-segmentation-name = 分割
preset-segmentation-text = 分割 image 1 中的主要物体：以原本的颜色显示在纯黑背景上，其余全部去除。
preset-extract-name = 抠图到白底
preset-extract-text = 从 image 1 中抠出商品，居中放在纯白背景上，并加上柔和自然的阴影。
preset-watermark-name = 去除水印
preset-watermark-text = 去除 image 1 中的水印和所有叠加文字，并让该区域与周围自然衔接。
preset-text-name = 编辑文字
preset-text-text = 将 image 1 中招牌上的文字改为“OPEN”，保持原文字的字体、颜色和透视。
preset-viewpoint-name = 新视角
preset-viewpoint-text = 从左上方 45 度角展示 image 1 中的物体，保持其形状、材质和颜色。
preset-fisheye-name = 鱼眼
preset-fisheye-text = 把 image 1 渲染成用鱼眼镜头拍摄的效果：强烈的桶形畸变，中心放大，边缘弯曲。

## 提示词面板
prompt-composite = 只改变框内（合成）
prompt-composite-hover = 万相会重新绘制整幅图像；开启后，每个结果都会与目标图像对齐，只保留框内部分：框外的一切都是原图，逐像素不变。原始结果也会一并保存。
prompt-feather = 羽化
prompt-feather-hover = 编辑部分渐入原图的像素数（0：硬边）
prompt-margin = 边距
prompt-margin-hover = 合成前将框向外扩展这么多像素
prompt-match-colour = 与周围颜色匹配
prompt-match-colour-hover = 调整每个框的颜色，使其与周围的原图衔接
prompt-composite-format = 文件格式
prompt-format-same = 与目标相同
prompt-composite-format-hover = JPEG 仍为 JPEG：框外的块无损复制，画质和大小基本不变。PNG 仍为 PNG；WebP、BMP、TIFF 和 GIF 输出为 PNG。照片的颜色配置文件、相机信息、作者和版权一并保留。
prompt-detail = 细节
prompt-detail-auto = 自动
prompt-detail-on = 开
prompt-detail-off = 关
prompt-detail-hover = 发送目标框周围的裁剪而不是整张照片：同样的像素预算用于更少的照片像素，大照片中的框也能编辑得清晰。自动：整张照片每个照片像素不足 1 个输出像素且裁剪至少高 1.5 倍时开启。两种方式都只调用 1 次。
prompt-strip-location = 去除位置信息
prompt-strip-location-hover = 合成结果保留照片的相机信息、作者和版权，但不保留拍摄地点（GPS）。
prompt-heading = 提示词
prompt-preset = 模板
prompt-preset-pick = 插入模板…
prompt-instruction-hint = 例如：把 box 1 里的杯子换成茶壶
prompt-characters = { $count } / { $max } 个字符
prompt-negative-hover = 要避免的内容，最多 { $max } 个字符
prompt-negative-none = { $model } 不接受反向提示词；请把要避免的内容写进指令中
prompt-negative = 反向提示词
prompt-size = 尺寸
prompt-size-custom = 宽*高（自定义）
prompt-size-4k-hover = 4096×4096：仅限 wan2.7-image-pro 的文生图
prompt-size-custom-hover = 精确的宽度和高度
prompt-size-tier-hover = 总像素数；形状与最后一张输入图像一致
prompt-width-height = 宽 × 高
prompt-height = 高度
prompt-n = 张数（n）
prompt-n-hover = 要生成的张数；每张都会计费
prompt-seed = 种子
prompt-seed-fixed = 固定
prompt-seed-hover = 相同的种子会得到相似但不完全相同的结果
prompt-watermark = 水印（“AI Generated”）
prompt-extend-hover = 让服务改写提示词以获得更好的结果
prompt-extend = 提示词扩展
prompt-async-hover = 异步：创建任务并轮询（推荐用于 1–2 分钟的任务；排队时可以取消）
prompt-async-only = 此模型只能以异步任务运行
prompt-async = 以异步任务运行
prompt-run = 运行
prompt-run-hover = 运行任务（{ $keys }）
prompt-building-request = 正在生成请求…
prompt-copy-curl = 将请求复制为 curl
prompt-copy-curl-hover = 实际发送的请求（密钥写作 $DASHSCOPE_API_KEY）

## 提示词面板：模型专有模式
prompt-image-set = 组图（同一风格最多 { $max } 张）
prompt-image-set-hover = enable_sequential：一次调用生成风格统一的系列（分镜、商品组图）；n 是最多生成的张数
prompt-thinking-hover = 更慢，但构图更好；仅限文生图
prompt-thinking = 思考模式
prompt-palette-hover = 图像应使用的颜色及其占比（{ $min } 到 { $max } 种；占比合计为 100%）
prompt-palette = 调色板
prompt-colour = 颜色 { $number }
prompt-share = 占比 %
prompt-remove-colour = 删除颜色
prompt-add-colour = 添加颜色
prompt-palette-total = 合计 { $total }%
prompt-interleave = 图文混排
prompt-interleave-hover = enable_interleave：图文并茂的回答，图片之间穿插文字（0–1 张输入图像；以任务运行）
prompt-max-images = 最多张数

## 设置：密钥、地域、文件夹、外观
settings-heading = 设置
settings-key-from-env = API 密钥：来自 DASHSCOPE_API_KEY（优先于已保存的密钥）
settings-key-stored = API 密钥：来自钥匙串或在此输入
settings-no-key = 还没有 API 密钥
settings-api-key = API 密钥
settings-keychain = 钥匙串：{ $state }
settings-forget-key = 清除已保存的密钥
settings-output-folder = 输出文件夹
settings-theme = 主题
settings-interface-size = 界面大小
settings-interface-size-hover = Ctrl+加号和 Ctrl+减号缩放整个窗口；Ctrl+0 复原
settings-jpeg-quality = JPEG 质量
settings-jpeg-quality-hover = “另存为”写出 JPEG 时使用的质量（默认 92；越高细节越多，文件越大）
settings-check-key-hover = 一次免费请求（上传策略）：不会产生任何计费
settings-check-key-first = 请先输入密钥
settings-check-key = 检查密钥
settings-checking-key = 正在检查密钥…
settings-region = 地域
settings-custom-base-url = 自定义基础 URL
settings-region-models = 万相模型：{ $models }
settings-base-url = 基础 URL
region-ap-southeast-1 = 新加坡（国际）
region-cn-beijing = 中国（北京）
region-us-east-1 = 美国（弗吉尼亚）
region-eu-central-1 = 德国（法兰克福）
region-cn-hongkong = 中国（香港）
region-ap-northeast-1 = 日本（东京）
region-token-plan = Token Plan（北京）
theme-system = 跟随系统
theme-light = 浅色
theme-dark = 深色

## 首次运行
welcome-step = 第 { $number } 步：{ $name }
welcome-title = 欢迎使用 wanedit
welcome-intro = 用万相完成第一次编辑只需三步。这里的操作都不计费。
welcome-region = 地域
welcome-region-text = API 密钥属于某一个地域：请选择创建密钥时所在的地域（百炼控制台 → API 密钥）。
welcome-key = API 密钥
welcome-key-from-env = 密钥来自 DASHSCOPE_API_KEY。
welcome-keychain = 钥匙串：{ $state }。
welcome-key-this-run = 密钥只在本次运行期间保留：这里没有系统钥匙串。
welcome-paste-key-keychain = 请粘贴您的密钥：它会保存在系统钥匙串中，绝不写入文件或日志，也不会再次显示。
welcome-paste-key-no-keychain = 请粘贴您的密钥：这里没有系统钥匙串（如需保存，请安装并解锁 GNOME Keyring 或 KWallet），因此只在本次运行期间保留，绝不写入文件或日志。
welcome-your-key = 您的 API 密钥
welcome-images = 图像
welcome-images-text = 最多添加 9 张图像（也可以拖到窗口中，或用 Ctrl+V 粘贴）。图像 1、图像 2 … 按图像栏的顺序排列：提示词就用这些编号称呼它们。
welcome-browse-hover = wanedit 自带的文件选择器（也可以输入路径或 URL）
welcome-sample = 试用示例
welcome-sample-hover = 附带的两张照片、一个框和一条提示词，可以直接运行

## 窗口：标签页、状态栏
canvas-empty =
    把最多 9 张图像拖到这里、粘贴一张（Ctrl+V），或使用“添加图像…”。
    图像 1、图像 2 … 按上方图像栏的顺序排列：提示词就用这些编号称呼它们。
canvas-refused = 图像 { $number } 无法使用：{ $why }
welcome-skip = 暂时跳过
welcome-skip-hover = 显示画布；密钥和地域可在“设置”中修改
welcome-back-to-images = 返回图片
welcome-bar-no-key = 还没有 API 密钥：现在就可以查看、缩放并画框；运行需要密钥。
welcome-bar-refused = 密钥被拒绝：{ $why }
welcome-bar-set-up-key = 设置密钥…
prompt-move-target-last = 把目标图像移到最后
prompt-save-recipe = 另存为配方
prompt-save-recipe-hover = 把此任务（提示词、模型、选项、按比例表示的框）保存为批处理配方
tab-canvas = 画布
tab-compare = 对比
tab-history = 历史
tab-batch = 批处理
status-checking = 检查中…
status-key = 密钥：{ $state }
status-idle = { $count } 张图像 · { $model } · 拖动绘制框，滚轮缩放，Space+拖动平移；全部快捷键：{ $sheet }
notifications-earlier = 之前的消息（{ $count } 条）
notifications-clear = 清除
key-valid = 有效
key-refused = 被拒绝
key-wrong-place = 不属于此地域
key-no-connection = 无连接

## 历史标签页
history-filter = 筛选
history-filter-hint = 提示词、模型、状态、request_id、文件名中的词
history-reload = 重新加载历史
history-kept-in = 保存在 { $folder }
history-dismiss = 关闭
history-empty = 还没有任务：运行的每个任务都会连同输入、框、提示词和结果保存在这里。
history-no-match = 没有与筛选条件匹配的任务。
history-no-image = 无图像
history-no-prompt = （无提示词）
history-compare = 对比
history-compare-item = 对比历史记录 { $number }
history-compare-hover = 将结果与输入并排显示（编辑前/编辑后）
history-reopen = 重新打开
history-reopen-item = 重新打开历史记录 { $number }
history-reopen-hover = 把它的图像、框、提示词和设置放回编辑器
history-rerun = 重新运行（再次计费）
history-rerun-item = 重新运行历史记录 { $number }
history-rerun-hover = 重新打开并再次运行（会再次计费）
history-fetch = 重新获取
history-fetch-item = 重新获取历史记录 { $number }
history-fetch-hover = 再次下载结果（链接有效期为 24 小时）
history-open-folder = 打开文件夹
history-open-folder-item = 打开历史记录 { $number } 的文件夹
history-really-delete = 确定删除？
history-really-delete-item = 确定删除历史记录 { $number }？
history-delete = 删除
history-delete-item = 删除历史记录 { $number }
history-delete-hover = 从历史中删除（其输入和结果的副本；输出文件夹中的文件会保留）
history-status-running = 运行中
history-status-interrupted = 已中断：运行时 wanedit 被关闭
history-status-resuming = 恢复中
history-status-waiting = 等待恢复
history-status-done = 完成
history-status-incomplete = 结果未全部保存
history-status-failed = 失败
history-status-cancelled = 已取消
history-status-expired = 已过期
history-text-to-image = 文生图
history-images-in = { $count } 张输入图像
history-call = 调用 { $index }/{ $of }（框 { $number }）
history-boxes = { $count } 个框
history-results = { $count } 个结果
history-billed = 计费 { $count } 张
history-task = 任务 { $task }

## 对比标签页
compare-nothing = 运行任务并选择一个结果，即可与输入对比。
compare-before = 编辑前
compare-result = 结果 { $number }
compare-no-input = 无输入
compare-image = 图像 { $number }
compare-result-composite = 结果 { $number }（合成）
compare-result-raw = 结果 { $number }（原始）
compare-from-history = 历史 { $when }：“{ $words }”的结果 { $number }
compare-save-as = 另存为…
compare-copy-image = 复制图像
compare-copy-image-hover = 按原始尺寸复制结果
compare-use-as-input = 用作输入
compare-show-composite = 显示合成
compare-show-composite-hover = 返回合成结果：只有框内改变
compare-show-raw = 显示原始结果
compare-show-raw-hover = 服务返回的完整图像
compare-export-sheet = 导出编辑前/编辑后对照图…
compare-export-sheet-hover = 供客户审阅的一张 PNG：编辑前后并排，框带轮廓和编号

## 对比视图
compare-side-by-side = 并排
compare-wipe = 擦除对比
compare-flip = 切换（Space）
compare-difference = 差异
compare-difference-hover = 以热力图叠加在变暗的目标图上，显示结果与目标不同之处（先对齐，因此位移不会被当作变化）
compare-gain = 增益
compare-gain-hover = 放大细微差异
compare-crop-of = 框 { $number } / { $count }，1:1 显示（Tab：下一个）
compare-crops = 框的 1:1 裁切
compare-crops-hover = 每个框以 100 % 显示，编辑前后并排；Tab 切换到下一个框
compare-wipe-position = 擦除位置
compare-fit = 适合窗口
compare-view = 对比视图
compare-after = 编辑后
compare-wipe-tag = 编辑前 | 编辑后（拖动擦除，Shift+拖动平移）
compare-flip-before = 编辑前（Space：编辑后）
compare-flip-after = 编辑后（Space：编辑前）
compare-difference-tag = 与目标的差异（已先对齐）：暗处表示未改变
compare-difference-tag-before = 与编辑前的差异：暗处表示未改变
compare-no-before = 没有可对比的输入
compare-working = 正在计算差异…

## 结果面板
results-heading = 结果
results-empty = 运行任务后，其状态和结果会显示在这里。
results-job = 任务 { $id }
results-cancel-job = 取消任务 { $id }
results-copy-error = 复制错误
results-resume = 恢复
results-resume-job = 恢复任务 { $id } 的作业
results-resume-hover = 再次轮询任务并下载结果（不会重新发送任何内容）
results-fetch-job = 重新获取任务 { $id } 的结果
results-fetch-hover = 把结果再次下载到输出文件夹（链接有效期为 24 小时；不会计费）
results-save-all = 保存任务 { $id } 的全部结果…
results-least-change = 框外变化最少的排在前面（任务 { $id }）
results-result-of-job = 任务 { $id } 的结果 { $number }
results-detail = 细节
results-outside = {" "}· 框外 { $share } %

## 窗口中显示的任务
job-reading = 正在读取图像
job-validating = 正在校验
job-uploading = 正在上传 { $done }/{ $total }
job-sending = 正在发送
job-downloading = 正在下载 { $total }
job-compositing = 正在合成 { $total }
job-queued = 排队中 · { $secs } 秒
job-working = { $stage } · { $secs } 秒
job-cancelling = 正在取消…
job-done = { $secs } 秒完成 · { $count } 张图像
job-partly-saved = { $secs } 秒生成，{ $made } 张中已保存 { $saved } 张：请在 24 小时内重新获取其余部分
job-failed = { $secs } 秒后失败
job-cancelled = { $secs } 秒后已取消

## 批处理标签页
batch-cap-not-amount = 支出上限“{ $cap }”不是金额：请输入例如 5，或留空
batch-billed = 已计费（按服务的统计）：{ $billed }
batch-plan = 计划
batch-use-current = 使用当前任务
batch-use-current-hover = 窗口中任务的提示词、模型、选项和框（框按每张照片的比例表示）
batch-save-recipe-hover = 把此配方保存到列表中（一个小 JSON 文件；wanedit batch --recipe 也能使用）
batch-recipes = 配方
batch-none-saved = 未保存
batch-saved = 已保存 { $count } 个
batch-recipe-named = 配方“{ $name }”
batch-recipe-line = 配方（{ $from }）：{ $model } · “{ $prompt }” · { $boxes } 个框 · 每张 { $n } 张图像 · { $mode }
batch-async = 异步任务
batch-sync = 同步调用
batch-no-recipe = 还没有配方：请在画布上编排一个任务（一张照片、它的框和提示词）后点击“使用当前任务”，或选择已保存的配方。
batch-add-files = 添加文件…
batch-add-folder = 添加文件夹…
batch-clear = 清除
batch-clear-files = 清除文件
batch-files = { $count } 个文件
batch-drop-here = （也可以把文件和文件夹拖到这里）
batch-and-more = { $names } 等另外 { $more } 个
batch-results-into = 结果保存到
batch-spend-cap = 支出上限
batch-cap-none = 无
batch-spend-cap-hover = 已计费和进行中的费用将超过此值时，批处理会先暂停（需要已知价格）
batch-estimate = 估算：{ $estimate }
batch-cap-needs-price = 支出上限需要价格：请在设置下方的“价格”中输入
batch-start-files = 开始批处理（{ $count } 个文件）…
batch-confirm = 要把 { $count } 个文件发送到 { $region } 吗？服务会按生成的每张图像计费。
batch-start = 开始批处理
batch-cancel = 取消
batch-do-not-start = 不开始批处理
batch-none-yet = 还没有批处理。

## 密钥与钥匙串
keychain-reading = 正在读取钥匙串…
keychain-not-used-session = 未使用：密钥只在本次会话期间保留
keychain-storing = 正在存入钥匙串…
keychain-removing = 正在从钥匙串中删除密钥…
keychain-has-key = 系统钥匙串中保存有密钥
keychain-no-key = 系统钥匙串中没有保存密钥
keychain-stored = 密钥已保存到系统钥匙串
key-none-yet = 还没有 API 密钥：请先输入
keychain-not-used = 未使用

## wanedit 的文件选择器
picker-title = 选择图像
picker-path = 路径或 URL
picker-path-hint = /home/me/Pictures/photo.jpg、文件夹/ 或 https://…
picker-parent = 上级文件夹
picker-empty = 这里没有文件夹或图像
picker-folder = 文件夹 { $name }
picker-add-chosen = 添加所选图像
picker-add = 添加 { $count } 张图像

## 文件对话框
dialog-add-images = 添加图像
dialog-images = 图像

## 运行任务
run-wait-loading = 请稍候：图像仍在加载
run-image-refused = 图像 { $number } 无法使用：{ $why }；请移除它
run-no-key = 没有 API 密钥：请在“设置”中输入，或设置 DASHSCOPE_API_KEY
run-building-curl = 正在把请求生成为 curl…
job-starting = 正在开始

## 示例
sample-ready = 两张示例照片、图像 2 上的一个框和一条提示词已准备好：请点击“运行”

## 历史操作
resume-the-task = 正在恢复任务
rerun-again = 正在再次运行重新打开的任务
fetching-again = 正在重新获取结果…

## 画布
canvas-label = 图像 { $number } 的画布
canvas-too-many-boxes = 图像 { $number } 已有 { $count } 个框，这是 API 每张图像接受的上限；请选中一个并按 Delete 后再添加

## 批处理与价格
billed-nothing = 无
billed-today-month = 今天（UTC）{ $day }；本月 { $month }
recipe-needs-photo = 请先添加要编辑的照片（配方按比例保存其框）
recipe-wait = 请等待图像 1 加载完成
recipe-one-photo = 配方一次处理一张照片，而此任务有 { $count } 张图像：请只保留要编辑的照片
prices-heading = 价格
prices-per-image = { $place } 的 { $model }：每张 { $price }
prices-unknown = { $place } 的 { $model }：价格未知
prices-yours = 您的每张价格
prices-currency = 货币
prices-set = 设定
prices-set-yours = 设定您的价格
prices-not-a-price = “{ $typed }”不是价格：请输入每张图像的费用，例如 0.03
prices-use-wanedits = 使用 wanedit 的价格
prices-remove-yours = 删除您的价格
region-other = 设置中指定的服务器
shortcuts-close = 关闭

## 进行中的批处理
batch-batches = 批处理：
batch-in = { $folder } 中的批处理
batch-progress = { $total } 项中 { $ended } 项结束：完成 { $done }，运行中 { $running }，失败 { $failed }
batch-progress-unsure = ，可能已运行 { $count }
batch-progress-left =  · 约剩 { $time }
batch-images-billed = 已计费 { $count } 张图像
batch-pause = 暂停批处理
batch-pause-hover = 不再开始新项目；进行中的会完成
batch-resume = 恢复批处理
batch-resume-hover = 已有任务的项目只轮询，绝不重新发送
batch-export = 导出已采用的 { $count } 项…
batch-export-hover = 把已采用的结果复制到您选择的文件夹
batch-retry = 重试失败的 { $count } 项（会再次计费）
batch-retry-hover = 重新发送失败的项目；生成的每张图像都会计费
batch-send-unsure = 重新发送可能已运行的 { $count } 项（可能重复计费）
batch-send-unsure-hover = 它们的首次请求可能已运行并计费：请先查看控制台的用量
batch-open-folder = 打开批处理的文件夹
batch-why = { $count } 项未完成的原因
batch-no-reason = 未给出原因

## 发送前的拒绝（wanedit 自己的）
refuse-prompt-empty = 提示词为空；请描述要做的编辑，例如“把 box 1 里的杯子换成茶壶”
refuse-prompt-long = 提示词有 { $count } 个字符；{ $model } 最多接受 { $max } 个，请缩短
refuse-no-negative = { $model } 不接受反向提示词；请把要避免的内容写进提示词中
refuse-negative-long = 反向提示词有 { $count } 个字符；{ $model } 最多接受 { $max } 个，请缩短
refuse-image-count = 任务有 { $count } 张输入图像；{ $model } 接受 { $min } 到 { $max } 张
refuse-image-count-exact = 任务有 { $count } 张输入图像；{ $model } 只接受 { $min } 张
refuse-image-count-interleave = 任务有 { $count } 张输入图像；图文混排模式下的 { $model } 接受 { $min } 到 { $max } 张
refuse-image-count-interleave-exact = 任务有 { $count } 张输入图像；图文混排模式下的 { $model } 只接受 { $min } 张
canvas-readout = x { $x }  y { $y } px   缩放 { $zoom }%

## 保存与打开
saved-file = 已保存 { $file }
saving-stopped = 保存中断：{ $why }
saved-sheet = 已将编辑前/编辑后对照图保存为 { $file }
sheet-stopped = 对照图生成中断：{ $why }
save-all-title = 把所有结果保存到…
saved-all = 已将 { $count } 个结果保存到 { $folder }

## 密钥检查的语句（wanedit 自己的）
keycheck-dns = 无法解析其名称：处于离线状态，或 DNS 被阻断
keycheck-refused-connection = 连接被拒绝
keycheck-timeout = 未能及时得到应答
keycheck-tls = 安全连接失败（是否有拦截 HTTPS 的代理？）
keycheck-valid = 密钥在 { $place } 有效
keycheck-invalid = 此密钥在 { $place } 无效；密钥按地域区分——请选择创建该密钥的地域，或在百炼控制台为此地域创建密钥
keycheck-service-refused = { $place } 拒绝了密钥检查：{ $why }
keycheck-no-connection = 无法连接到 { $host }（{ $why }）；请检查网络、代理（HTTPS_PROXY）或地域与基础 URL，然后重新检查
keycheck-not-the-service = 来自 { $place } 的应答并非来自服务（{ $why }）；中间可能有代理或强制门户

## 不发送任务的原因（wanedit 的，续）
refuse-unknown-model = “{ $model }”不是 wanedit 认识的模型；请从这些中选择：{ $models }
refuse-composite-no-target = 把结果合成回目标图像需要一张带框的目标图像：{ $why }；或者关闭合成
refuse-max-images-without-interleave = max_images 只适用于图文混排模式（enable_interleave）；请打开该模式，或去掉 max_images
refuse-image-format-unknown = 图像 { $image } 不是 JPEG、PNG、BMP 或 WebP；请转换成其中一种
refuse-image-format = 图像 { $image } 是 { $format }；{ $model } 不接受这种格式
refuse-image-alpha = 图像 { $image } 有透明部分（透明通道）；{ $model } 不接受：请把它合并到背景上
refuse-image-small = 图像 { $image } 为 { $width }×{ $height } px；{ $model } 要求每边至少 { $min } px
refuse-image-large = 图像 { $image } 为 { $width }×{ $height } px；{ $model } 每边最多 { $max } px
refuse-image-aspect = 图像 { $image } 为 { $width }×{ $height } px，宽高比 { $aspect }:1；{ $model } 最多接受 { $max }:1
refuse-image-bytes = 图像 { $image } 有 { $mb } MB；{ $model } 接受最大 { $max } MB 的文件
refuse-boxes-unsupported = { $why }；请删除这些框，或选择 wan2.7 模型
refuse-too-many-boxes = 图像 { $image } 有 { $count } 个框；{ $model } 每张图像最多 { $max } 个
refuse-box-inverted = 图像 { $image } 的框 { $number }（{ $corners }）为空或角点颠倒；第二个角必须在第一个角的右下方
refuse-box-outside = 图像 { $image } 的框 { $number } 延伸到（{ $corner }），超出了 { $width }×{ $height } px 的图像；请把它移到图像内
size-mode-t2i = 文生图
size-mode-sets = 组图
size-mode-this = 此模式
size-mode-edit = 编辑
size-mode-interleave = 图文混排输出
size-allowed-pixels = 仅 W*H 尺寸
size-allowed-tiers = { $tiers } 或 W*H
size-hint-4k = （4K 用于不带组图的文生图）
refuse-size-tier = { $model } 的{ $mode }不能使用尺寸 { $size }；可用的是 { $allowed }{ $hint }
refuse-size-pixels = 尺寸 { $size } 为 { $pixels } 像素；{ $model } 的{ $mode }需要在 { $min }（{ $min_side }²）到 { $max }（{ $max_side }²）之间
refuse-size-aspect = 尺寸 { $size } 的宽高比为 { $aspect }:1；{ $model } 最多接受 { $max }:1
refuse-n-sets = n 为 { $n }；{ $model } 的组图生成 { $min } 到 { $max } 张
refuse-n-interleave = n 为 { $n }；{ $model } 的图文混排输出需要 n = { $needed }（要更多图片请用 max_images）
refuse-max-images = max_images 为 { $count }；{ $model } 接受 { $min } 到 { $max }
refuse-n = n 为 { $n }；{ $model } 每次调用生成 { $min } 到 { $max } 张
refuse-seed = 种子 { $seed } 太大；请使用 0 到 { $max }
refuse-palette-count = 调色板有 { $count } 种颜色；需要 { $min } 到 { $max } 种
refuse-palette-hex = 调色板颜色 { $number }“{ $hex }”不是 #RRGGBB 颜色
refuse-palette-share = 调色板颜色 { $number } 的占比为 { $share }%；每个占比必须大于 0 且不超过 100
refuse-palette-total = 调色板的占比合计为 { $total }%；合计必须为 100.00%

## 模型接受什么（wanedit 的）
option-only-one = 只有 { $model } 支持
option-only-many = 只有 { $models } 和 { $last } 支持
option-no-image-set = { $model } 没有组图模式（enable_sequential）；{ $only }
option-no-interleave = { $model } 没有图文混排模式（enable_interleave）；{ $only }
option-no-thinking = { $model } 没有思考模式；{ $only }
option-thinking-with-images = 思考模式只适用于文生图；任务有输入图像时请去掉它
option-thinking-with-sets = 思考模式不适用于组图；请关闭其中一个
option-no-palette = { $model } 不接受调色板；{ $only }
option-palette-with-sets = 调色板不能与组图一起使用；请关闭其中一个
option-no-prompt-extend = { $model } 不接受 prompt_extend；请去掉它
option-prompt-extend-with-interleave = prompt_extend 只在 { $model } 的编辑模式下有效，不适用于图文混排输出；请去掉它
option-no-watermark = { $model } 不接受 watermark
option-async-only = { $model } 只能作为异步任务运行；请把调用切换为异步
option-interleave-async-only = { $model } 的图文混排模式在同步调用时需要流式应答，wanedit 不使用流式；请把调用切换为异步
option-no-boxes = { $model } 不接受编辑区域（bbox_list）；{ $only }

## 模型
model-blurb-27-pro = Wan 2.7 Pro：最佳质量，4K 文生图，最多 9 张输入，支持框
model-blurb-27 = Wan 2.7：快速，最多 9 张输入，支持框
model-blurb-26 = Wan 2.6：1–4 张输入，反向提示词，图文混排模式
model-blurb-25 = Wan 2.5 预览版：1–3 张输入，反向提示词（仅异步）

## 任务的错误（wanedit 的；服务自己的消息按原样显示）
err-service-advice = 服务拒绝了请求（HTTP { $status } { $code }）：{ $message }；{ $advice }{ $rid }
err-service = 服务拒绝了请求（HTTP { $status } { $code }）：{ $message }{ $rid }
advice-key = 请检查 API 密钥，以及它是否属于所选地域（密钥按地域区分）
advice-moderation = 内容审核拒绝了输入或输出：请修改提示词或图像
advice-quota = 账号的配额已用完：请在控制台提高配额
advice-rate = 请求过多：请等一分钟后再运行
advice-overdue = 账号已欠费：请在阿里云控制台结清
advice-forbidden = 此密钥可能无权使用该模型或工作空间：请在控制台开通模型，或检查地域
advice-not-found = 请检查模型名称和地域 / 基础 URL
advice-too-large = 请求过大：请使用更少或更小的图像
advice-bad-request = 请修改消息中指出的内容后再运行
advice-server = 服务出现问题：请稍后再试
err-task-failed = 任务 { $task } 失败：{ $code }：{ $message }{ $rid }；未计费
err-task-canceled = 任务 { $task } 已取消{ $rid }
err-task-unknown = 服务已不认识任务 { $task }（UNKNOWN）：任务只保留 24 小时，或该 ID 属于其他地域或账号{ $rid }
err-unreachable = 无法连接 { $host }：{ $detail }；请检查网络以及设置中的地域 / 基础 URL
err-no-answer = 生成请求已发送但没有应答（{ $detail }）；它可能仍在运行并计费，所以没有重发：再试之前请查看控制台的任务列表
err-malformed = 服务以 HTTP { $status } 应答，正文 wanedit 无法读取{ $rid }：{ $snippet }
err-result-expired = 结果 { $name } 已过期（HTTP { $status }）：结果链接只保留 24 小时；请重新运行任务
err-download = 下载结果 { $name } 失败：{ $detail }；任务的结果在 24 小时内仍可下载
err-upload = 把 { $name } 上传到临时存储失败：{ $detail }
err-read-input = 无法读取 { $path }：{ $detail }
err-write-output = 无法写入 { $path }：{ $detail }；请选择其他输出文件夹或释放空间
err-no-key = 没有 API 密钥：请设置 DASHSCOPE_API_KEY，或用 `wanedit key set` 或应用的设置保存一个
err-not-recorded = { $sentence }；没有发送任何内容
err-canceled-before = 在发送请求前已取消；未计费
err-still-running = 任务 { $task } { $detail }；记录会保留：在服务保留期间（24 小时）用 wanedit resume（或重新打开窗口）获取结果{ $rid }
err-no-results = 服务报告成功但没有返回图像{ $detail }；没有可保存的内容：请重新运行任务，如果反复出现请提供 request_id{ $rid }
err-redirected = { $host } 以重定向（HTTP { $status }）到 { $location } 应答；wanedit 不会把付费请求转发到其他地址：请检查设置中的地域 / 基础 URL
err-too-large = { $host } 发来了超过 { $limit } MB 的应答，远超任何真实应答；未读取：请检查设置中的基础 URL
err-cancel-refused = 服务未取消任务 { $task }（服务的回复：{ $detail }）；任务只能在排队等待时取消，所以它可能仍会完成并计费{ $rid }

## 记录任务（wanedit 的）
not-recorded-job = wanedit 无法记录该任务（{ $why }）
not-recorded-end = wanedit 无法记录任务的结束（{ $why }）
not-recorded-task-end = wanedit 无法记录异步任务的结束（{ $why }）
history-has-no-job = 历史中没有任务 { $id }
not-recorded-download = wanedit 无法记录下载（{ $why }）

## 等待任务（wanedit 的）
still-running-after-cancel = 在服务接受取消 { $seconds } 秒后仍在运行（它可能完成并计费）
still-running-after-wait = 等待 { $minutes } 分钟后仍未完成

## 图像：修正与拒绝（wanedit 的）
repair-oriented = 已按 EXIF 方向信息转正
repair-flattened-alpha = 已把透明部分合并到白色背景上（服务不接受透明通道）
repair-dropped-alpha = 已去掉未使用的透明通道（服务不接受透明通道；所有像素都不透明）
repair-converted = 已从 { $from } 转换为 { $to }（服务不接受 { $from }）
detail-box = 图 { $image } 框 { $number }：{ $whole } → { $detailed }
detail-box-off = 图 { $image } 框 { $number }：{ $whole }（细节模式为 { $detailed }）
detail-on = 细节：{ $figures }（每个照片像素的输出像素）；图 { $image } 以框周围 { $width }×{ $height } 的裁剪发送（1 次调用，费用相同）
detail-off = 细节关闭：{ $figures }（每个照片像素的输出像素）；发送整张图片
detail-split = 细节：{ $figures }（每个照片像素的输出像素）；框相距太远，一个裁剪不够，图 { $image } 按框分别裁剪发送（{ $calls } 次调用，每次计费）
detail-part = 调用 { $index }/{ $of }：图 { $image } 的框 { $number } 以单独的裁剪发送
detail-part-not-sent = 调用 { $index }/{ $of }（框 { $number }）未发送：任务已取消
detail-part-failed = 调用 { $index }/{ $of }（框 { $number }）未成功（{ $why }）；合成图只包含之前编辑的框，之后未再发送
detail-part-onto-missing = 无法读取上一次调用的合成图（{ $file }）（{ $why }）：此结果合成到原图中，只含本框
detail-part-tidied = 上一次调用的合成图（只含其框）保留在历史中；输出文件夹保留包含所有框的合成图
repair-cmyk = 已从 CMYK 转换为 RGB 颜色
repair-eight-bits = 以每通道 8 位（而非 16 位）发送（合成结果在框外保留 16 位）
repair-to-srgb = 已从 { $profile } 转换为 sRGB（模型读取的颜色）后发送，合成结果转回 { $profile }
repair-scaled-down = 为符合模型的上限，已从 { $from } 缩小到 { $to } px；框也一起缩放了
repair-reencoded = 为符合模型的文件大小上限，已从 { $from } MB 重新编码为 { $to } MB
repair-metadata-left-out = 已去除相机信息、位置和姓名（EXIF、XMP、IPTC）后发送：服务只需要像素
refusal-not-an-image = 这不是 wanedit 能读取的图像（JPEG、PNG、BMP、WebP、GIF 或 TIFF）
refusal-svg = 这是 SVG 矢量图；请先导出为 PNG 或 JPEG
refusal-damaged = 文件已损坏或不完整（{ $why }）；请重新导出或下载
refusal-too-large = 它声称有 { $width }×{ $height } px；wanedit 能打开的图像最多 { $max_mp } 百万像素、每边 { $max_side } px
damaged-cut-short = { $format } 数据在图像结束前就断了（文件被截断）
probe-header-damaged = 文件头已损坏（{ $why }）；请重新导出图像

## 价格（wanedit 的）
price-entered-by-you = 由你输入
estimate-priced = { $images } 张 × 每张 { $each } ≈ { $total }（{ $place } 的 { $model }；价格来源：{ $source }，{ $checked }）
estimate-unpriced = { $images } 张；不知道 { $place } 的 { $model } 的价格：请在设置下方的“价格”（或用 wanedit prices set）中输入，以查看费用

## 账本（wanedit 的）
ledger-images-in-jobs = { $jobs } 个任务共 { $images } 张
ledger-unpriced = { $images } 张价格未知
list-separator = ，
ledger-not-written = 无法把已计费的图像加入账本 { $file }（{ $why }）

## 批量标签页的消息
batch-image-1-not-loaded = 图像 1 还没有加载
batch-recipe-current-job = 当前任务
batch-pick-folder-title = 批量处理的图像
batch-no-key = 没有 API 密钥：请先在设置中输入
batch-choose-recipe = 请先选择配方
batch-add-files-first = 请添加要套用配方的文件
batch-choose-out = 请选择存放结果的文件夹
batch-started = 批量处理已开始：结果和 batch.json 会放进它的文件夹
batch-not-listed = 该批量处理已不在列表中
batch-ended = { $folder } 中的批量处理：{ $items } 项中完成 { $done } 项，计费 { $billed } 张{ $stopped }
batch-ended-stopped = ；{ $why }
batch-resuming-left = 正在继续上次运行留下的 { $folder } 中的批量处理
batch-export-title = 导出已采用的结果
batch-pausing = 正在暂停：进行中的项目会完成，不再开始新的
batch-sending-again = 再次发送 { $count } 项：生成的每张图像都会计费
price-saved = 价格已保存

## 对比标签页的消息
copying-full-image = 正在按原尺寸复制图像…
sheet-needs-local-before = 对比图需要编辑前的图像是本地文件；请选择另一张“编辑前”
raw-result-sentence = 原始结果。{ $sentence }

## 历史的消息
resuming-open-tasks = 正在继续上次关闭 wanedit 时留下的 { $count } 个任务
task-no-longer-open = 该任务在日志中已不再处于打开状态（已结束，或在别处继续了）
history-unknown-model = 该任务使用了 { $model }，这个 wanedit 不认识它
history-no-copy = 历史中没有 { $name } 的副本；请重新添加该图像
fetch-again-no-key = 没有 API 密钥：请在设置中输入，或设置 DASHSCOPE_API_KEY

## 示例
samples-not-written = 无法把示例照片写入 { $folder }：{ $why }

## 输入
inputs-full = wanedit 最多接受 { $most } 张图像（任何模型都不接受更多）；有 { $extra } 张未添加——请移除一张腾出位置
pasted-needs-path = 粘贴的图像需要一个文件路径
oss-no-preview = oss:// 输入无法预览
pasted-malformed = 粘贴的图像格式有误

## 合成（wanedit 的）
not-composited = 未合成：{ $why }
composited-detail = 细节：以 { $width }×{ $height } 裁剪发送
composited-into = 已合成到图像 { $image }（对齐 { $match_percent } %）；{ $change }
composited = 已合成
composite-not-written = 无法把合成结果写入 { $folder }（{ $why }）

## 合成：变化的部分
composite-change = 框外，服务返回的图像有 { $share } % 的像素明显变化（差值超过 { $threshold }/255；平均 { $mean }，最多 { $max }），合成结果在那里保持原样

## 结果对齐（wanedit 的）
register-shape = 结果（{ $result }）与目标图像的形状（{ $target }）不同：服务按最后一张输入图像决定输出形状，所以请把目标图像放在最后
register-boxes-cover-all = 框几乎覆盖了整张图：框外剩下的部分太少，无法对齐，所以结果保持服务生成的原样
register-no-match = 结果在框外与目标图像对不上（匹配 { $found } %，需要 { $needed } %）：模型改变了构图或生成了另一张图，所以未合成，保持服务生成的原样

## 区域编辑的目标（wanedit 的）
target-beyond = 目标是图像 { $image }，但任务只有 { $count } 张图像
target-no-boxes = 图像 { $image } 是目标但没有框：请在上面画出要编辑的区域
target-none-boxed = 没有图像带框：请在目标图像上画出要编辑的区域
target-many-boxed = 图像 { $images } 都有框：请把要编辑的那张标为目标

## 区域编辑的目标（续）
target-not-last = 目标是图像 { $image }，但服务按最后一张图像（图像 { $last }）决定输出形状：结果将无法与目标对齐；请把图像 { $image } 移到最后

## 磁盘上的历史（wanedit 的）
history-action-copy = 复制文件到
history-action-create = 创建
history-action-delete = 删除
history-action-write = 写入
history-error = wanedit 无法{ $action } { $path } 中的历史（{ $detail }）；请释放磁盘空间或让该文件夹可写

## 任务（wanedit 的）
image-cannot-be-used = 图像 { $image }（{ $name }）无法使用：{ $why }
made-fewer = 服务生成了所请求 { $asked } 张中的 { $made } 张（按生成的张数计费）

## 批量项目（wanedit 的）
item-may-have-run = 请求已发送，但在应答到来前 wanedit 停止了，所以它可能已运行并计费；不会自动重发：请在控制台查看用量，需要的话再重试（重试会再次计费）
item-task-unrecorded = 它的任务 { $task } 没有记录在 wanedit 能继续的地方；请在 24 小时内手动获取
item-task-goes-on = { $why }；它的任务仍在进行，批量处理继续时会再次查询
item-task-failed = 它的任务失败了
item-failed = 失败了
item-ran-again = 在发送此任务前 wanedit 停止了；它的批量处理重新运行了它

## 读取用户的文件（wanedit 的）
every-name-taken = { $folder } 中所有类似 { $name } 的名称都已被占用
input-missing = 它不存在；请检查路径
input-folder = 这是文件夹，不是图像文件；请选择其中的文件
input-not-regular = 这不是普通文件（管道、设备或套接字）；请把图像保存为文件后再添加
input-too-large = 它有 { $mb } MB，超过了 wanedit 读取的上限 { $limit } MB；请先把它缩小
input-denied = wanedit 无权读取它（{ $why }）；请检查它的权限
input-io = 无法读取（{ $why }）
input-stopped = 读取已中止

## 下载（wanedit 的）
download-not-image = 链接返回的是 { $kind }（{ $bytes } 字节），不是图像
download-not-image-untyped = 链接返回的是没有类型的内容（{ $bytes } 字节），不是图像
download-too-large = 链接发来了超过 { $limit } MB 的数据，远超任何真实结果；未保存
download-failed = 无法下载 { $url }：{ $why }

## 批量处理（wanedit 的）
batch-manifest-unreadable = 无法读取 { $file }（{ $why }）；这是批量处理的文件夹吗？
batch-no-images = 没有可批量处理的图像（JPEG、PNG、BMP、WebP、GIF 或 TIFF）
batch-paused-cap = 已在支出上限 { $cap } 处暂停：已计费或进行中的为 { $spent }，再多一项将达到 { $would }；请提高上限后继续批量处理
batch-paused = 已暂停：等待中的项目会在批量处理继续时开始
batch-stopped = 已停止：{ $why }；等待中的项目会在批量处理继续时开始

## 文件对话框（wanedit 的）
dialog-did-not-open-why = 系统文件对话框没有打开（{ $portal }；{ $zenity }）
dialog-no-portal = D-Bus 上没有文件选择门户应答
dialog-no-dbus = 没有供文件选择门户使用的 D-Bus 会话
dialog-zenity-failed = zenity 也失败了
dialog-no-zenity = 未安装 zenity
dialog-did-not-open = 系统文件对话框没有打开

## 导出结果（wanedit 的）
export-not-written = 无法写入 { $file }：{ $why }；请选择其他位置或释放空间
export-not-written-into = 无法把 { $name } 写入 { $folder }：{ $why }；请选择其他文件夹或释放空间
export-no-file-name = 有一个结果没有文件名
export-not-copied = 无法把 { $file } 复制到 { $folder }：{ $why }
export-copied = 已将 { $count } 个接受的结果复制到 { $folder }

## 结果：失败的任务
results-error-code = 错误代码：{ $code }

## 地域与地址（wanedit 的）
region-unknown = 未知的地域
workspace-in-region = { $region } 中的工作空间 { $workspace }
region-unknown-id = 未知的地域“{ $region }”；请从这些中选择：{ $regions }
region-no-shared-host = { $region } 没有共享主机；请输入工作空间 ID 以使用 { $host }
token-plan-no-workspace = Token Plan 有自己的专用主机，不使用工作空间 ID：请选择不带 ID 的“Token Plan（北京）”
token-plan-key-elsewhere = 这是 Token Plan 的密钥（以 sk-sp- 开头），只能用于 Token Plan 自己的主机：请选择“Token Plan（北京）”作为地域，或输入在此地域创建的按量付费密钥
token-plan-other-key = Token Plan 只接受以 sk-sp- 开头的专用密钥：请输入套餐的密钥，或选择创建此密钥的地域
token-plan-model = Token Plan 支持 { $models }，不支持 { $model }：请选择其中之一，或选择按量付费的地域
token-plan-oss = oss:// 链接是按量付费的临时上传，Token Plan 未记载：请添加文件本身（以内联方式发送）
token-plan-sync = Token Plan 只记载了同步调用：此任务以同步方式发送
token-plan-upload = Token Plan 未记载上传：本地文件以内联方式发送，因此不能使用“上传”（请选择自动或内联）
token-plan-unconfirmed-path = Token Plan 的主机只记载了同步图像调用：wanedit 不会向其发送 { $path }
token-plan-cat-confirmed = Token Plan 文档确认的：
token-plan-cat-unconfirmed = 未确认的，wanedit 改为这样做：
token-plan-cat-sync = wan2.7-image 和 wan2.7-image-pro 的同步图像调用
token-plan-cat-models = 其他模型：在发送任何内容之前拒绝
token-plan-cat-async = 异步调用和任务：以同步调用发送
token-plan-cat-uploads = 临时上传和 oss:// 链接：文件以内联方式发送
token-plan-cat-usage = 应答中的计费数字：没有时按生成的图像计数
token-plan-cat-key-check = 免费的密钥检查：发送一次服务会拒绝且不生成任何内容的请求
token-plan-cat-prices = 每张图像的价格：你以 Credits 输入的价格
workspace-id-invalid = “{ $workspace }”不是工作空间 ID（字母、数字、- 和 _，例如 ws-abc123）；请从 Model Studio 控制台复制
base-url-no-scheme = 基础 URL“{ $url }”必须以 https:// 开头（例如 https://dashscope-intl.aliyuncs.com/api/v1）
base-url-no-host = 基础 URL“{ $url }”没有主机名

## 发送文件（wanedit 的）
file-changed-while-sent = wanedit 检查之后磁盘上的文件发生了变化；请重新运行任务

## 重新获取（wanedit 的）
fetched-again = 已重新获取 { $count } 个结果
fetched-not-all = 未能获取全部结果

## 运行（wanedit 的）
cancel-refused-running = 任务 { $job }：该任务已在服务上运行，无法取消；结果仍会送达
curl-copied = 已把请求复制为 curl（密钥写作 $DASHSCOPE_API_KEY）

## 打开文件夹（wanedit 的）
folder-not-opened = 无法打开 { $folder }（{ $opener }：{ $why }）；请在文件管理器中打开

## 配方（wanedit 的）
recipe-not-json = 这不是 wanedit 配方（JSON：{ $why }）
recipe-version = 此配方为版本 { $version }；这个 wanedit 读取版本 { $reads }：请在窗口中重新保存，或更新 wanedit
recipe-no-version = 这不是 wanedit 配方（没有 "version"）
recipe-unreadable = 无法读取配方：{ $why }；请在窗口中重新保存
recipe-too-many-boxes = 配方有 { $count } 个框；模型每张图像最多 { $max } 个
recipe-box-outside = 配方的框 { $number } 不是图像内的框（边是宽和高的比例，0 到 1，左在右之前，上在下之前）

## 连接（wanedit 的）
connection-broke = 在应答之前连接就断了（{ $why }）

## The batch's contact sheet
batch-item-waiting = 等待中
batch-item-running = 运行中
batch-item-done = 完成
batch-item-failed = 失败
batch-item-may-have-run = 可能已运行
batch-before = 编辑前
batch-changed-outside = 框外 { $share } % 有变化
batch-accept = 接受
batch-reject = 拒绝
batch-accept-item = 接受第 { $index } 项
batch-reject-item = 拒绝第 { $index } 项
duration-seconds = { $n } 秒
duration-minutes = { $n } 分钟
duration-hours = { $h } 小时 { $m } 分钟
composer-put-back = { $images } 张图像、{ $boxes } 个框和提示词
composer-crashed = wanedit 上次意外关闭：{ $what }已恢复。
composer-report-left = wanedit 上次意外关闭，并留下了一份崩溃报告（其中不含你的 API 密钥）。
composer-open-report = 打开崩溃报告
composer-copy-report = 复制报告
composer-report-title = 崩溃报告
composer-dismiss = 关闭
panel-collapse = 折叠{ $name }
panel-expand = 显示{ $name }
panel-strip = 图像
panel-results = 结果
panel-readout = 框面板
results-collapsed = 结果：{ $count } 个任务
run-cost = 计费 { $images } 张：约 { $total }
run-cost-unpriced = 计费 { $images } 张；价格未知：可在设置下方的“价格”中输入
composer-another-window = 同一数据文件夹已在另一个 wanedit 窗口中打开：由那个窗口保存图像和框，本窗口的不会被保存。

owner-elsewhere-pid = 在另一个 wanedit（pid { $pid }）中
owner-elsewhere = 在另一个 wanedit 中
owner-what-task = 任务 { $task }
owner-what-job = 此作业的下载
owner-what-batch = 此批处理
err-elsewhere = { $what }正{ $elsewhere }运行，将在那里继续（不会重复发送或下载）。
owner-taken-over-later = { $why } 若那个 wanedit 先结束，本窗口将接手。
batch-lock-failed = 无法为本 wanedit 锁定 { $folder } 中的批处理（{ $why }）；请检查该文件夹是否可写。
batch-wait-stopped = 本窗口已停止跟踪 { $folder } 中的批处理：它在另一个 wanedit 中继续，此处显示的是停止时的进度；点“恢复批处理”可再次跟踪，并在那个结束后接手。
batch-taken-over = 另一个 wanedit 已结束：{ $folder } 中的批处理在此继续。
batch-review-elsewhere = { $why } 请在那边结束后再审阅。
download-stalled = { $seconds } 秒内没有收到任何数据
download-too-slow = 传输太慢（{ $seconds } 秒内 { $bytes } 字节）
download-progress-of = 正在下载：{ $got } / { $of }，{ $rate }/秒
download-progress = 正在下载：{ $got }，{ $rate }/秒
download-quiet = ；已 { $seconds } 秒没有数据
watch-unchanged = 任务 { $task }：{ $status } 已持续 { $time }
watch-unreadable = 任务 { $task }：已 { $seconds } 秒无法读取其状态（{ $why }）；正在重试
status-unreadable = 的状态已 { $minutes } 分钟无法读取（{ $why }）
still-running-after-wait-secs = 等待 { $seconds } 秒后仍未完成
owner-here = 已在本 wanedit 中
batch-stop-watching = 在此停止跟踪
batch-stop-watching-hover = 批处理在另一个 wanedit 中继续；本窗口不再显示其进度
prompt-names-missing-image = 提示词提到了图像 { $number }，但作业只有 { $images } 张图像。
prompt-names-missing-box = 提示词提到了框 { $number }，但每张图像最多只有 { $most } 个框。
input-removed = 已移除 { $name }；撤销（Ctrl+Z）可连同其框一起恢复。
input-put-back = 已连同框一起恢复 { $name }。
reopened = 已重新打开 { $when } 的作业。
reopened-undoable = 已重新打开 { $when } 的作业；撤销（Ctrl+Z）可恢复之前的内容。
reopen-undone = 已恢复重新打开之前的图像、框和提示词。
reopen-redone = 已恢复重新打开的作业；撤销（Ctrl+Z）可恢复之前的内容。
images-picker-instead = { $why }：请在 wanedit 自带的文件选择器中选择图像。
images-picker-here = { $why }。请改在此处选择图像。
image-copied = 已将图像（{ $width }×{ $height } px）复制到剪贴板。
keychain-unavailable = 无法使用系统钥匙串，输入的密钥仅在本次运行中保留。要保存它，请安装并解锁钥匙串（GNOME Keyring、KWallet），或设置 DASHSCOPE_API_KEY。
keychain-refused = 系统钥匙串拒绝访问：请解锁后重试。在此之前，输入的密钥仅在本次运行中保留。
settings-forget-run-key = 忘记密钥（仅本次运行保留）
task-status-pending = 在服务队列中等待（{ $code }）
task-status-running = 正在生成（{ $code }）
task-status-succeeded = 已生成（{ $code }）
task-status-failed = 失败（{ $code }）
task-status-canceled = 已取消（{ $code }）
task-status-unknown = 服务不认识（{ $code }）
names-unclosed = 名称“{ $template }”中的 {"{"} 没有对应的 {"}"}；请补全，例如 {"{"}name{"}"}-edit。
names-unknown = 名称中的 {"{"}{ $token }{"}"} 无法识别；请使用 {"{"}name{"}"}、{"{"}model{"}"}、{"{"}date{"}"} 或 {"{"}prompt{"}"}。
names-empty = 这个名称不会留下任何文件名；请加上字母或 {"{"}name{"}"}。
settings-result-names = 结果名称
settings-result-names-hover = 结果的命名方式（后接 -1、-2…）：{"{"}name{"}"} 是所编辑的图像（或提示词的前几个词），另有 {"{"}model{"}"}、{"{"}date{"}"}、{"{"}prompt{"}"}。默认为 {"{"}name{"}"}-edit（coffee-edit-1.png）。
batch-thumb-open = { $what }（点击：在比较中放大查看）
batch-open-item = 放大查看第 { $index } 项
batch-open-input = 从原照片放大查看第 { $index } 项
picker-save-title = 保存
picker-save-why = { $why }。请在这里选择保存位置。
picker-save-name-label = 名称
picker-save-format = 格式
picker-save-here = 保存到这里
picker-save-into = 保存到此文件夹
picker-save-folder-hint = 打开要保存到的文件夹，然后点“保存到此文件夹”。
picker-save-name = 请输入文件名（不能含 /）。
picker-save-taken = 此文件夹中已有 { $name }：wanedit 从不覆盖文件；请换个名称或文件夹。
prompt-names-box-none = 提示词提到了框 { $number }，但作业还没有框：请在对应的图像上画出来。

## 只保留需要的：每个框取自选定的结果
choice-result-not-lined-up = 结果 { $result } 未能与合成目标对齐，不能用于框中：请选择其他结果或原图
choice-result-unreadable = 无法从历史中读取结果 { $result }（{ $why }）：请选择其他结果，或重新下载该任务的结果
choice-split-job = 此任务的每个框都在单独的调用中发送（细节模式），每次调用的合成结果已包含所有框：按框选择适用于一次调用发送的任务
choice-no-boxes = 此任务没有可选择结果的框
choice-box-count = 此任务有 { $boxes } 个框，但选择了 { $given } 个：请为每个框各指定一次
choice-no-such-result = 没有结果 { $result }：此任务生成了 { $results } 张
choice-no-job = 历史中没有任务 { $id }：`wanedit history` 可列出全部
choice-no-target = 历史中没有图像 { $image }（合成目标）的副本：无法重新合成
choice-kept = 已保留：{ $boxes }，已写入 { $path }
choice-box-from = 框 { $number } 取自结果 { $result }
choice-box-original = 框 { $number } 为原图
compare-boxes = 逐框选择
compare-boxes-hover = 并排显示每个框的候选（原图和每个结果，已合成）：为每个框选择需要的。不发送任何内容，也不计费
boxes-view-help = 点击图片或按 0–9 将其用于此框（0 = 原图）；Tab 切换到下一个框。合成结果由已有的结果重新生成：不发送任何内容
choice-original = 原图
choice-taken = { $name }（已选用）
choice-no-candidate = 未合成
choice-candidate = 框 { $number }：{ $name }
choice-take-hover = 用于此框（按键 { $key }）
choice-scale = 以 { $percent } % 显示
choice-making = 正在生成所选的合成结果…
choice-none-yet = 为框选择一个候选：所选的合成结果会显示在这里，并随任务保存
choice-kept-picture = 所选的合成结果
shortcut-take-candidate = 逐框选择：为框选用原图（0）或结果 1–9
choice-fit-all = 全部显示
choice-fit-all-hover = 在视图宽度内显示所有候选（放不下时小于 1:1）；关闭：1:1，横向滚动
# mask painting
mask-tool-box = 框工具
mask-tool-box-hover = 绘制、选择、移动框和调整框的大小（{ $keys }）
mask-tool-brush = 绘制
mask-tool-brush-hover = 在框内绘制使用结果的像素；已绘制的框的其余部分保持原图（{ $keys }；{ $smaller } 和 { $larger } 调整大小）。在没有框的地方绘制会为它创建一个框。
mask-tool-eraser = 擦除
mask-tool-eraser-hover = 将绘制的像素恢复为原图（{ $keys }）
mask-tool-lasso = 自由选区
mask-tool-lasso-hover = 在框内拖动围出一个区域：其内部使用结果（{ $keys }）
mask-brush-smaller = 缩小绘制尺寸
mask-brush-larger = 放大绘制尺寸
mask-brush-size = 尺寸 { $size } px
mask-brush-size-hover = 绘制的大小（以图像像素计，显示在指针处）
mask-clear = 清除绘制
mask-clear-box-hover = 清除框 { $number } 上绘制的部分：整个框再次使用结果
mask-clear-image-hover = 清除图像 { $number } 上绘制的全部部分：每个框再次整体使用结果
shortcut-tool-box = 框工具：绘制、移动框和调整框的大小
shortcut-tool-brush = 绘制：在框内绘制使用结果的像素
shortcut-tool-eraser = 擦除：将绘制的像素恢复为原图
shortcut-tool-lasso = 自由选区：围出的内部使用结果
shortcut-brush-smaller = 缩小绘制尺寸
shortcut-brush-larger = 放大绘制尺寸
gesture-paint-mask = 绘制使用结果的区域（绘制、擦除、自由选区）
# flags and lineage
flag-no-job = 历史中没有作业 { $id }（已删除？）：无法保存该结果的标记。
flag-no-result = 历史中的作业没有结果 { $number }：无法保存其标记。
flag-not-recorded = 该结果的作业尚未记入历史：请在作业记录后再标记。
export-picked-none = 没有可导出的已选结果：请先选中一个（在对比中对结果按 P）。
export-picked-unread = 无法读取历史中的 { $name }：{ $why }
export-picked-done = 已将 { $count } 个已选结果导出到 { $folder }
shortcut-pick = 选中显示的结果（再按一次取消）
shortcut-reject = 排除显示的结果（再按一次取消）
shortcut-unflag = 清除结果的标记
results-picked-only = 仅已选
results-none-picked = 还没有已选的结果：在对比中对结果按 P 即可选中。
export-picked = 导出已选…
export-picked-hover = 把已选结果（有合成时为合成）的副本导出到您选择的文件夹；不会替换那里的文件，也不发送任何内容。
export-picked-title = 导出已选结果到
exporting-picked = 正在导出已选结果…
flag-pick = 选中
flag-reject = 排除
flag-unpick = 取消选中
flag-unreject = 取消排除
flag-picked = 已选
flag-rejected = 已排除
flag-pick-result = 选中作业 { $id } 的结果 { $number }
flag-reject-result = 排除作业 { $id } 的结果 { $number }
history-picked-only = 仅已选
history-as-list = 列表
history-as-list-hover = 所有作业，最新的在前
history-as-tree = 编辑链
history-as-tree-hover = 每个作业显示在其所编辑图像的作业之下（用作输入、重新打开保存的结果、从此处分支）
history-tree-choose = 在图中选择一个作业：其图像和操作（对比、重新打开、从此处分支…）显示在这里。
history-fork = 从此处分支
history-fork-item = 从历史记录 { $number } 分支
history-fork-hover = 以此作业的图像（已选结果，没有时用第一个结果）作为图像 1 的新构图；撤销可恢复原来的内容。
history-fork-nothing = 此作业没有可分支的图像。
history-after = 来自 { $when } 的作业
history-flags = 已选 { $picked }，已排除 { $rejected }
forked = 已从 { $when } 的作业分支：其图像为图像 1。
forked-undoable = 已从 { $when } 的作业分支：其图像为图像 1（Ctrl+Z 可恢复之前的内容）。
results-hidden-by-picked = 已隐藏 { $count } 个没有已选结果的已完成任务（仅已选）
