# wanedit の日本語。キーは en.ftl と同じ。

## ボックス
box-name = 画像 { $image } のボックス { $number }、{ $x1 },{ $y1 } – { $x2 },{ $y2 }
box-name-short = ボックス { $number }

## ショートカット一覧
shortcuts-title = キーボードショートカット
shortcuts-everywhere = どこでも
shortcuts-canvas = キャンバス
shortcuts-boxes = ボックス（キャンバス上）
shortcuts-compare = 比較ビュー
shortcut-run = ジョブを実行
shortcut-ui-zoom-in = 表示全体を大きく
shortcut-ui-zoom-out = 表示全体を小さく
shortcut-ui-zoom-reset = 表示全体を標準の大きさに
shortcut-undo = 直前のボックス編集・削除・開き直しを取り消す
shortcut-redo = やり直す
shortcut-sheet = この一覧を表示／非表示
shortcut-fit = 画像をキャンバスに合わせる
shortcut-zoom-100 = 100 %（画像の 1 ピクセルを画面の 1 ピクセルに）
shortcut-zoom-200 = 200 %
shortcut-zoom-400 = 400 %
shortcut-zoom-800 = 800 %
shortcut-new-box = 表示の中央にボックスを追加
shortcut-next-box = 次のボックスを選択
shortcut-previous-box = 前のボックスを選択
shortcut-move-box = 選択したボックスを 1 px 移動
shortcut-move-box-far = 選択したボックスを 10 px 移動
shortcut-far-edge = 右端または下端を 1 px 移動
shortcut-far-edge-far = 右端または下端を 10 px 移動
shortcut-near-edge = 左端または上端を 1 px 移動
shortcut-near-edge-far = 左端または上端を 10 px 移動
shortcut-delete-box = 選択したボックスを削除
shortcut-deselect = ボックスの選択を解除
shortcut-next-crop = 次のボックスの切り抜き
shortcut-flip = 編集前と編集後を切り替える
gesture-drag-image = 画像上でドラッグ
gesture-drag-handle = ハンドルをドラッグ
gesture-wheel = マウスホイール
gesture-draw-box = ボックスを描く
gesture-keep-aspect = 縦横比を保ったままサイズ変更
gesture-zoom = ポインターの位置を中心にズーム
gesture-pan = 表示を移動

## プロンプト
prompt-instruction = 指示

## 設定
settings-language = 言語
settings-language-system = システムに合わせる

## ツールバー
toolbar-model = モデル
toolbar-add-images = 画像を追加…
toolbar-add-images-hover = ファイルをウィンドウにドロップするか、画像を貼り付けることもできます（Ctrl+V）
toolbar-browse = ここで参照…
toolbar-browse-hover = システムのダイアログが開かないときに使う wanedit 独自のファイル選択
toolbar-image-url = 画像の URL
toolbar-add-url = URL を追加
toolbar-not-a-url = 「{ $url }」はウェブアドレスではありません。https:// で始めてください
toolbar-undo = 元に戻す
toolbar-undo-hover = 直前のボックス編集・削除・開き直しを取り消す（{ $keys }）
toolbar-redo = やり直す
toolbar-redo-hover = やり直す（{ $keys }）
toolbar-shortcuts = ショートカット
toolbar-settings = 設定を開く
toolbar-shortcuts-hover = すべてのキーボードショートカット（{ $keys }）

## 入力画像の列
strip-show-image = 画像 { $number } を表示
strip-show = 表示
strip-show-hover = 画像 { $number } をキャンバスに表示
strip-remove-image = 画像 { $number } を外す
strip-remove = 外す
strip-make-target = 画像 { $number } を合成先にする
strip-target = 合成先
strip-target-hover = 結果をこの画像に合成します（変わるのはボックスの中だけ）
strip-empty = まだ画像がありません。ファイルをここにドロップするか、画像を貼り付ける（Ctrl+V）か、URL を入力するか、「画像を追加…」を使ってください
strip-is-target = 合成先
strip-is-target-hover = 結果はこの画像に位置合わせされ、変わるのはボックスの中だけです
strip-card-hover = 画像 { $number }：{ $name }。クリックで表示、ドラッグで番号を変更
strip-repaired = 修正済み
strip-loading = 読み込み中…
strip-refused = 使用不可

## ボックスの欄
readout-boxes = ボックス
readout-no-image = 画像を追加すると、その上にボックスを描けます。
readout-not-ready = 画像 { $number } はまだ準備ができていません。
readout-size = 画像 { $number }：送信時 { $width }×{ $height } px
readout-how-to-draw = 画像上をドラッグしてボックスを描きます（2 つまで）。
readout-delete = 削除
readout-delete-hover = 画像 { $number } のボックス { $box } を削除
readout-field-hover = 画像 { $number } のボックス { $box } の { $field }（画像のピクセル単位）
readout-call = 呼び出し { $number }
readout-as-sent = 送信される bbox_list

## プロンプト欄：テンプレート
preset-box-edit-name = ボックス内の編集
preset-box-edit-text = image 1 の box 1 の中の物を陶器のティーポットに置き換えてください。照明と影、ボックスの外はすべてそのままにしてください。
preset-fusion-name = 複数画像の合成
preset-fusion-text = image 2 の被写体を image 1 の場面に入れてください。光、遠近感、色調は image 1 に合わせてください。
preset-subject-name = 被写体の保持
preset-subject-text = image 1 の人物（顔、髪、服装）をそのまま保ち、日当たりのよい街角のカフェに配置してください。
preset-detection-name = 検出（ラベル付きボックス）
preset-detection-text = image 1 のカップをすべて検出し、それぞれに「cup」というラベル付きのバウンディングボックスを描いてください。
preset-segmentation-name = セグメンテーション
preset-segmentation-text = image 1 の主な物体を切り出してください。元の色のまま黒一色の背景の上に置き、それ以外はすべて取り除いてください。
preset-extract-name = 白背景に切り抜き
preset-extract-text = image 1 から商品を切り抜き、真っ白な背景の中央に、自然でやわらかい影をつけて配置してください。
preset-watermark-name = 透かしの除去
preset-watermark-text = image 1 から透かしと重ねられた文字をすべて取り除き、その部分を周囲になじむように埋めてください。
preset-text-name = 文字の編集
preset-text-text = image 1 の看板の文字を「OPEN」に変えてください。元の文字の書体、色、遠近感はそのままにしてください。
preset-viewpoint-name = 別の視点
preset-viewpoint-text = image 1 の物体を左上 45 度の角度から見た姿で表してください。形、素材、色はそのままにしてください。
preset-fisheye-name = 魚眼
preset-fisheye-text = image 1 を魚眼レンズで撮ったように描いてください。強いたる型のゆがみ、大きくなった中央、曲がった周縁。

## プロンプト欄
prompt-composite = ボックスの中だけを変える（合成）
prompt-composite-hover = Wan は画像全体を描き直します。これをオンにすると、各結果を合成先の画像に位置合わせし、ボックスの中だけを使います。ボックスの外はピクセル単位で元の画像のままです。加工前の結果も並べて保存されます。
prompt-feather = ぼかし幅
prompt-feather-hover = 編集部分が元の画像に溶け込む幅（ピクセル。0 ならくっきりした境界）
prompt-margin = 余白
prompt-margin-hover = 合成の前にボックスをこのピクセル数だけ広げます
prompt-match-colour = 周囲と色を合わせる
prompt-match-colour-hover = 各ボックスの色を、周りの元の画像となじむようにずらします
prompt-composite-format = ファイル形式
prompt-format-same = 対象と同じ
prompt-composite-format-hover = JPEG は JPEG のまま：ボックスの外のブロックは劣化なしでコピーされ、画質もサイズもほぼ元のままです。PNG は PNG のまま、WebP・BMP・TIFF・GIF は PNG になります。写真のカラープロファイル、カメラ情報、作者、著作権も引き継ぎます。
prompt-detail = ディテール
prompt-detail-auto = 自動
prompt-detail-on = オン
prompt-detail-off = オフ
prompt-detail-hover = 写真全体ではなく、対象のボックスの周りを切り出して送ります。同じ画素数をより少ない写真の画素に使うので、大きな写真のボックスもくっきり編集されます。自動：写真全体では写真 1 ピクセルあたり出力 1 ピクセル未満、切り出しでその 1.5 倍以上になるときにオン。どちらも呼び出しは 1 回です。
prompt-strip-location = 位置情報を除く
prompt-strip-location-hover = 合成結果には写真のカメラ情報、作者、著作権を残し、撮影場所（GPS）は残しません。
prompt-heading = プロンプト
prompt-preset = テンプレート
prompt-preset-pick = テンプレートを挿入…
prompt-instruction-hint = 例：box 1 のカップをティーポットに置き換える
prompt-characters = { $count } / { $max } 文字
prompt-negative-hover = 避けたいもの（{ $max } 文字まで）
prompt-negative-none = { $model } はネガティブプロンプトを受け付けません。避けたいものは指示に書いてください
prompt-negative = ネガティブプロンプト
prompt-size = サイズ
prompt-size-custom = 幅*高さ（指定）
prompt-size-4k-hover = 4096×4096：wan2.7-image-pro のテキストからの生成のみ
prompt-size-custom-hover = 幅と高さをそのまま指定
prompt-size-tier-hover = 総ピクセル数。縦横比は最後の入力画像に従います
prompt-width-height = 幅 × 高さ
prompt-height = 高さ
prompt-n = 枚数（n）
prompt-n-hover = 作る枚数。1 枚ごとに課金されます
prompt-seed = シード
prompt-seed-fixed = 固定
prompt-seed-hover = 同じシードでは似た結果になりますが、まったく同じにはなりません
prompt-watermark = 透かし（「AI Generated」）
prompt-extend-hover = よい結果のためにサービスにプロンプトを書き直させます
prompt-extend = プロンプトの拡張
prompt-async-hover = 非同期：タスクを作って状態を問い合わせます（1〜2 分かかるジョブに推奨。待機中なら取り消せます）
prompt-async-only = このモデルは非同期タスクとしてのみ実行されます
prompt-async = 非同期タスクとして実行
prompt-run = 実行
prompt-run-hover = ジョブを実行（{ $keys }）
prompt-building-request = リクエストを作成中…
prompt-copy-curl = リクエストを curl としてコピー
prompt-copy-curl-hover = 実際に送るリクエスト（キーは $DASHSCOPE_API_KEY として）

## プロンプト欄：モデル固有のモード
prompt-image-set = 画像セット（同じスタイルで最大 { $max } 枚）
prompt-image-set-hover = enable_sequential：1 回の呼び出しで統一感のある連作を作ります（絵コンテ、商品セット）。n は作る最大枚数です
prompt-thinking-hover = 遅くなりますが構図がよくなります。テキストからの生成のみ
prompt-thinking = 思考モード
prompt-palette-hover = 画像に使う色とその割合（{ $min }〜{ $max } 色。割合の合計は 100%）
prompt-palette = カラーパレット
prompt-colour = 色 { $number }
prompt-share = 割合 %
prompt-remove-colour = 色を削除
prompt-add-colour = 色を追加
prompt-palette-total = 合計 { $total }%
prompt-interleave = 文章と画像の混在
prompt-interleave-hover = enable_interleave：画像の間に文章が入る、図入りの回答（入力画像は 0〜1 枚。タスクとして実行）
prompt-max-images = 最大枚数

## 設定：キー、リージョン、フォルダー、外観
settings-heading = 設定
settings-key-from-env = API キー：DASHSCOPE_API_KEY から（保存したキーより優先）
settings-key-stored = API キー：キーチェーンから、またはここで入力
settings-no-key = API キーがまだありません
settings-api-key = API キー
settings-keychain = キーチェーン：{ $state }
settings-forget-key = 保存したキーを消去
settings-output-folder = 出力フォルダー
settings-theme = テーマ
settings-interface-size = 表示の大きさ
settings-interface-size-hover = Ctrl+プラスと Ctrl+マイナスでウィンドウ全体を拡大・縮小、Ctrl+0 で元に戻します
settings-jpeg-quality = JPEG 品質
settings-jpeg-quality-hover = 「名前を付けて保存」で JPEG を書き出すときの品質（既定は 92。高いほど細部が残り、ファイルは大きくなります）
settings-check-key-hover = 無料のリクエスト 1 回（アップロードポリシー）。課金されるものは何も作りません
settings-check-key-first = 先にキーを入力してください
settings-check-key = キーを確認
settings-checking-key = キーを確認中…
settings-region = リージョン
settings-custom-base-url = カスタムのベース URL
settings-region-models = Wan モデル：{ $models }
settings-base-url = ベース URL
region-ap-southeast-1 = シンガポール（国際）
region-cn-beijing = 中国（北京）
region-us-east-1 = 米国（バージニア）
region-eu-central-1 = ドイツ（フランクフルト）
region-cn-hongkong = 中国（香港）
region-ap-northeast-1 = 日本（東京）
region-token-plan = Token Plan（北京）
theme-system = システムに合わせる
theme-light = ライト
theme-dark = ダーク

## 最初の起動
welcome-step = ステップ { $number }：{ $name }
welcome-title = wanedit へようこそ
welcome-intro = Wan で最初の編集をするまでの 3 ステップです。ここでは何も課金されません。
welcome-region = リージョン
welcome-region-text = API キーは 1 つのリージョンに属します。キーを作ったリージョンを選んでください（Model Studio コンソール → API キー）。
welcome-key = API キー
welcome-key-from-env = キーは DASHSCOPE_API_KEY から読み込まれます。
welcome-keychain = キーチェーン：{ $state }。
welcome-key-this-run = キーはこの実行の間だけ保持されます。ここにはシステムのキーチェーンがありません。
welcome-paste-key-keychain = キーを貼り付けてください。システムのキーチェーンに保存され、ファイルやログには残らず、二度と表示されません。
welcome-paste-key-no-keychain = キーを貼り付けてください。ここにはシステムのキーチェーンがないため（保存するには GNOME Keyring か KWallet を入れてロックを解除してください）、この実行の間だけ保持され、ファイルやログには残りません。
welcome-your-key = あなたの API キー
welcome-images = 画像
welcome-images-text = 画像を 9 枚まで追加してください（ウィンドウにドロップするか、Ctrl+V で貼り付けることもできます）。画像 1、画像 2 … は並びの順で、プロンプトではこの番号で呼びます。
welcome-browse-hover = wanedit 独自のファイル選択（パスや URL も入力できます）
welcome-sample = サンプルを試す
welcome-sample-hover = 同梱の写真 2 枚、ボックス、プロンプトがそろっていて、すぐ実行できます

## ウィンドウ：タブ、ステータス行
canvas-empty =
    ここに画像を 9 枚までドロップするか、貼り付ける（Ctrl+V）か、「画像を追加…」を使ってください。
    画像 1、画像 2 … は上の並びの順で、プロンプトではこの番号で呼びます。
canvas-refused = 画像 { $number } は使えません：{ $why }
welcome-skip = あとで
welcome-skip-hover = キャンバスを表示します。キーとリージョンは「設定」にあります
welcome-back-to-images = 画像に戻る
welcome-bar-no-key = API キーがまだありません。画像の確認、拡大、ボックスの描画は今すぐできます。実行にはキーが必要です。
welcome-bar-refused = キーが拒否されました：{ $why }
welcome-bar-set-up-key = キーを設定…
prompt-move-target-last = 合成先の画像を最後に移す
prompt-save-recipe = レシピとして保存
prompt-save-recipe-hover = このジョブ（プロンプト、モデル、オプション、比率で表したボックス）をバッチ用のレシピとして保存します
tab-canvas = キャンバス
tab-compare = 比較
tab-history = 履歴
tab-batch = バッチ
status-checking = 確認中…
status-key = キー：{ $state }
status-idle = 画像 { $count } 枚 · { $model } · ドラッグでボックスを描く、ホイールでズーム、Space+ドラッグで移動。ショートカット一覧：{ $sheet }
notifications-earlier = これまでのメッセージ（{ $count } 件）
notifications-clear = 消去
key-valid = 有効
key-refused = 拒否
key-wrong-place = このリージョン用ではありません
key-no-connection = 接続なし

## 履歴タブ
history-filter = 絞り込み
history-filter-hint = プロンプト、モデル、状態、request_id、ファイル名の語
history-reload = 履歴を再読み込み
history-kept-in = 保存場所 { $folder }
history-dismiss = 閉じる
history-empty = まだジョブがありません。実行したジョブは、入力、ボックス、プロンプト、結果とともにここに残ります。
history-no-match = 絞り込みに合うジョブはありません。
history-no-image = 画像なし
history-no-prompt = （プロンプトなし）
history-compare = 比較
history-compare-item = 履歴 { $number } を比較
history-compare-hover = 結果を入力と並べて表示（編集前／編集後）
history-reopen = 開き直す
history-reopen-item = 履歴 { $number } を開き直す
history-reopen-hover = 画像、ボックス、プロンプト、設定を編集画面に戻します
history-rerun = 再実行（再度課金）
history-rerun-item = 履歴 { $number } を再実行
history-rerun-hover = 開き直してもう一度実行します（再び課金されます）
history-fetch = 再取得
history-fetch-item = 履歴 { $number } を再取得
history-fetch-hover = 結果をもう一度ダウンロードします（リンクの有効期間は 24 時間）
history-open-folder = フォルダーを開く
history-open-folder-item = 履歴 { $number } のフォルダーを開く
history-really-delete = 本当に削除しますか？
history-really-delete-item = 履歴 { $number } を本当に削除しますか？
history-delete = 削除
history-delete-item = 履歴 { $number } を削除
history-delete-hover = 履歴から削除します（入力と結果のコピー。出力フォルダーのファイルは残ります）
history-status-running = 実行中
history-status-interrupted = 中断：実行中に wanedit が終了しました
history-status-resuming = 再開中
history-status-waiting = 再開待ち
history-status-done = 完了
history-status-incomplete = 結果の一部が未保存
history-status-failed = 失敗
history-status-cancelled = 取り消し
history-status-expired = 期限切れ
history-text-to-image = テキストから生成
history-images-in = 入力画像 { $count } 枚
history-call = 呼び出し { $index }/{ $of }（ボックス { $number }）
history-boxes = ボックス { $count } 個
history-results = 結果 { $count } 枚
history-billed = 課金 { $count } 枚
history-task = タスク { $task }

## 比較タブ
compare-nothing = ジョブを実行して結果を選ぶと、入力と比較できます。
compare-before = 編集前
compare-result = 結果 { $number }
compare-no-input = 入力なし
compare-image = 画像 { $number }
compare-result-composite = 結果 { $number }（合成）
compare-result-raw = 結果 { $number }（加工前）
compare-from-history = 履歴 { $when }：「{ $words }」の結果 { $number }
compare-save-as = 名前を付けて保存…
compare-copy-image = 画像をコピー
compare-copy-image-hover = 結果を元の大きさでコピーします
compare-use-as-input = 入力として使う
compare-show-composite = 合成を表示
compare-show-composite-hover = 合成に戻ります。変わったのはボックスの中だけです
compare-show-raw = 加工前の結果を表示
compare-show-raw-hover = サービスが返したままの画像全体
compare-export-sheet = 編集前／編集後のシートを書き出す…
compare-export-sheet-hover = クライアント確認用の PNG 1 枚：編集前と編集後を並べ、ボックスを枠と番号で示します

## 比較ビュー
compare-side-by-side = 横に並べる
compare-wipe = ワイプ
compare-flip = 切り替え（Space）
compare-difference = 差分
compare-difference-hover = 結果が合成先と違う場所を、暗くした合成先の上にヒートマップで示します（先に位置合わせするので、ずれは変化とみなされません）
compare-gain = 強調
compare-gain-hover = 小さな違いを強調します
compare-crop-of = ボックス { $number } / { $count } を等倍で（Tab：次へ）
compare-crops = ボックスを等倍で切り抜き
compare-crops-hover = 各ボックスを 100 % で、編集前と編集後を並べて表示。Tab で次のボックスへ
compare-wipe-position = ワイプの位置
compare-fit = 全体表示
compare-view = 比較ビュー
compare-after = 編集後
compare-wipe-tag = 編集前 | 編集後（ドラッグでワイプ、Shift+ドラッグで移動）
compare-flip-before = 編集前（Space：編集後）
compare-flip-after = 編集後（Space：編集前）
compare-difference-tag = 合成先との差分（位置合わせ済み）：暗い所は変化なし
compare-difference-tag-before = 編集前との差分：暗い所は変化なし
compare-no-before = 比較する入力がありません
compare-working = 差分を計算中…

## 結果の欄
results-heading = 結果
results-empty = ジョブを実行すると、状態と結果がここに表示されます。
results-job = ジョブ { $id }
results-cancel-job = ジョブ { $id } を取り消す
results-copy-error = エラーをコピー
results-resume = 再開
results-resume-job = ジョブ { $id } のタスクを再開
results-resume-hover = タスクの状態をもう一度問い合わせて結果をダウンロードします（何も再送しません）
results-fetch-job = ジョブ { $id } の結果を再取得
results-fetch-hover = 結果を出力フォルダーにもう一度ダウンロードします（リンクの有効期間は 24 時間。課金はありません）
results-save-all = ジョブ { $id } をすべて保存…
results-least-change = ボックスの外の変化が少ない順（ジョブ { $id }）
results-result-of-job = ジョブ { $id } の結果 { $number }
results-detail = ディテール
results-outside = {" "}· 外側 { $share } %

## ウィンドウに表示されるジョブ
job-reading = 画像を読み込み中
job-validating = 検証中
job-uploading = アップロード中 { $done }/{ $total }
job-sending = 送信中
job-downloading = ダウンロード中 { $total }
job-compositing = 合成中 { $total }
job-queued = 待機中 · { $secs } 秒
job-working = { $stage } · { $secs } 秒
job-cancelling = キャンセル中…
job-done = { $secs } 秒で完了 · 画像 { $count } 枚
job-partly-saved = { $secs } 秒で作成、{ $made } 枚中 { $saved } 枚を保存：残りは 24 時間以内に再取得してください
job-failed = { $secs } 秒後に失敗
job-cancelled = { $secs } 秒後にキャンセルしました

## バッチタブ
batch-cap-not-amount = 上限額「{ $cap }」は金額ではありません。5 のように入力するか、空にしてください
batch-billed = 課金（サービスの集計による）：{ $billed }
batch-plan = 計画
batch-use-current = 今のジョブを使う
batch-use-current-hover = ウィンドウのジョブのプロンプト、モデル、オプション、ボックス（ボックスは各写真に対する比率で）
batch-save-recipe-hover = このレシピを一覧に残します（小さな JSON ファイル。wanedit batch --recipe でも使えます）
batch-recipes = レシピ
batch-none-saved = 保存なし
batch-saved = 保存済み { $count } 件
batch-recipe-named = レシピ「{ $name }」
batch-recipe-line = レシピ（{ $from }）：{ $model } · 「{ $prompt }」 · ボックス { $boxes } 個 · 各 { $n } 枚 · { $mode }
batch-async = 非同期タスク
batch-sync = 同期呼び出し
batch-no-recipe = レシピがまだありません。キャンバスでジョブ（写真 1 枚、そのボックス、プロンプト）を作って「今のジョブを使う」を押すか、保存したレシピを選んでください。
batch-add-files = ファイルを追加…
batch-add-folder = フォルダーを追加…
batch-clear = クリア
batch-clear-files = ファイルをクリア
batch-files = ファイル { $count } 個
batch-drop-here = （ファイルやフォルダーをここにドロップすることもできます）
batch-and-more = { $names } ほか { $more } 個
batch-results-into = 結果の保存先
batch-spend-cap = 上限額
batch-cap-none = なし
batch-spend-cap-hover = 課金済みと進行中の分がこれを超えそうになると、その前にバッチを一時停止します（価格がわかっている必要があります）
batch-estimate = 見積もり：{ $estimate }
batch-cap-needs-price = 上限額には価格が必要です。設定の下の「価格」で入力してください
batch-start-files = バッチを開始（ファイル { $count } 個）…
batch-confirm = { $count } 個のファイルを { $region } に送りますか？サービスは作った画像ごとに課金します。
batch-start = バッチを開始
batch-cancel = キャンセル
batch-do-not-start = バッチを開始しない
batch-none-yet = バッチはまだありません。

## キーとキーチェーン
keychain-reading = キーチェーンを読み込み中…
keychain-not-used-session = 未使用：キーはこのセッションの間だけ保持されます
keychain-storing = キーチェーンに保存中…
keychain-removing = キーチェーンからキーを削除中…
keychain-has-key = システムのキーチェーンにキーが保存されています
keychain-no-key = システムのキーチェーンにキーは保存されていません
keychain-stored = キーをシステムのキーチェーンに保存しました
key-none-yet = API キーがまだありません。先に入力してください
keychain-not-used = 未使用

## wanedit のファイル選択
picker-title = 画像を選ぶ
picker-path = パスまたは URL
picker-path-hint = /home/me/Pictures/photo.jpg、フォルダー/、または https://…
picker-parent = 親フォルダー
picker-empty = ここにはフォルダーも画像もありません
picker-folder = フォルダー { $name }
picker-add-chosen = 選んだ画像を追加
picker-add = 画像 { $count } 枚を追加

## ファイルダイアログ
dialog-add-images = 画像を追加
dialog-images = 画像

## ジョブの実行
run-wait-loading = お待ちください：画像をまだ読み込んでいます
run-image-refused = 画像 { $number } は使えません：{ $why }。外してください
run-no-key = API キーがありません。「設定」で入力するか DASHSCOPE_API_KEY を設定してください
run-building-curl = リクエストを curl として作成中…
job-starting = 開始中

## サンプル
sample-ready = サンプル写真 2 枚、画像 2 のボックス、プロンプトの準備ができました。「実行」を押してください

## 履歴の操作
resume-the-task = タスクを再開しています
rerun-again = 開き直したジョブをもう一度実行しています
fetching-again = 結果を再取得しています…

## キャンバス
canvas-label = 画像 { $number } のキャンバス
canvas-too-many-boxes = 画像 { $number } にはすでにボックスが { $count } 個あり、API が 1 枚の画像に受け付ける上限です。追加するには 1 つ選んで Delete を押してください

## バッチと価格
billed-nothing = なし
billed-today-month = 今日（UTC）{ $day }、今月 { $month }
recipe-needs-photo = 先に編集する写真を追加してください（レシピはボックスを比率で保存します）
recipe-wait = 画像 1 の読み込みが終わるまでお待ちください
recipe-one-photo = レシピは写真を 1 枚ずつ処理しますが、このジョブには画像が { $count } 枚あります。編集する写真だけを残してください
prices-heading = 価格
prices-per-image = { $place } の { $model }：1 枚 { $price }
prices-unknown = { $place } の { $model }：価格不明
prices-yours = あなたの 1 枚あたりの価格
prices-currency = 通貨
prices-set = 設定
prices-set-yours = 自分の価格を設定
prices-not-a-price = 「{ $typed }」は価格ではありません。画像 1 枚の値段を 0.03 のように入力してください
prices-use-wanedits = wanedit の価格を使う
prices-remove-yours = 自分の価格を削除
region-other = 設定で指定したサーバー
shortcuts-close = 閉じる

## 実行中のバッチ
batch-batches = バッチ：
batch-in = { $folder } のバッチ
batch-progress = { $total } 件中 { $ended } 件終了：完了 { $done }、実行中 { $running }、失敗 { $failed }
batch-progress-unsure = 、実行された可能性あり { $count }
batch-progress-left =  · 残り約 { $time }
batch-images-billed = 課金された画像 { $count } 枚
batch-pause = バッチを一時停止
batch-pause-hover = 新しい項目は始めず、実行中のものは最後まで続けます
batch-resume = バッチを再開
batch-resume-hover = タスクがある項目は状態を問い合わせるだけで、再送はしません
batch-export = 採用した { $count } 件を書き出す…
batch-export-hover = 採用した結果を選んだフォルダーにコピーします
batch-retry = 失敗した { $count } 件を再試行（再び課金）
batch-retry-hover = 失敗した項目をもう一度送ります。作られた画像ごとに課金されます
batch-send-unsure = 実行された可能性のある { $count } 件を再送（二重課金のおそれ）
batch-send-unsure-hover = 最初のリクエストが実行され課金された可能性があります。先にコンソールの利用状況を確認してください
batch-open-folder = バッチのフォルダーを開く
batch-why = { $count } 件が完了しなかった理由
batch-no-reason = 理由は示されませんでした

## 送信前の拒否（wanedit のもの）
refuse-prompt-empty = プロンプトが空です。編集内容を書いてください（例：「box 1 のカップをティーポットに置き換える」）
refuse-prompt-long = プロンプトが { $count } 文字あります。{ $model } は { $max } 文字までです。短くしてください
refuse-no-negative = { $model } はネガティブプロンプトを受け付けません。避けたいものはプロンプトに書いてください
refuse-negative-long = ネガティブプロンプトが { $count } 文字あります。{ $model } は { $max } 文字までです。短くしてください
refuse-image-count = 入力画像が { $count } 枚あります。{ $model } は { $min }〜{ $max } 枚です
refuse-image-count-exact = 入力画像が { $count } 枚あります。{ $model } はちょうど { $min } 枚です
refuse-image-count-interleave = 入力画像が { $count } 枚あります。文章と画像の混在モードの { $model } は { $min }〜{ $max } 枚です
refuse-image-count-interleave-exact = 入力画像が { $count } 枚あります。文章と画像の混在モードの { $model } はちょうど { $min } 枚です
canvas-readout = x { $x }  y { $y } px   ズーム { $zoom }%

## 保存と表示
saved-file = { $file } に保存しました
saving-stopped = 保存が中断しました：{ $why }
saved-sheet = 編集前／編集後のシートを { $file } に保存しました
sheet-stopped = シートの作成が中断しました：{ $why }
save-all-title = すべての結果の保存先…
saved-all = { $count } 件の結果を { $folder } に保存しました

## キー確認の文（wanedit のもの）
keycheck-dns = 名前を引けませんでした。オフラインか、DNS が遮断されています
keycheck-refused-connection = 接続を拒否されました
keycheck-timeout = 時間内に応答がありませんでした
keycheck-tls = 安全な接続に失敗しました（HTTPS を横取りするプロキシ？）
keycheck-valid = キーは { $place } で有効です
keycheck-invalid = このキーは { $place } では有効ではありません。キーはリージョンごとです。キーを作ったリージョンを選ぶか、Model Studio コンソールでこのリージョンのキーを作ってください
keycheck-service-refused = { $place } がキーの確認を拒否しました：{ $why }
keycheck-no-connection = { $host } に接続できません（{ $why }）。ネットワーク、プロキシ（HTTPS_PROXY）、リージョンとベース URL を確かめてから、もう一度確認してください
keycheck-not-the-service = { $place } からの応答はサービスからのものではありません（{ $why }）。間にプロキシかキャプティブポータルがあるかもしれません

## ジョブを送らない理由（wanedit のもの、続き）
refuse-unknown-model = 「{ $model }」は wanedit の知らないモデルです。次から選んでください：{ $models }
refuse-composite-no-target = 結果を対象画像に合成するには、ボックスのある対象画像が必要です：{ $why }。または合成をオフにしてください
refuse-max-images-without-interleave = max_images は文章と画像の混在モード（enable_interleave）でだけ使えます。そのモードをオンにするか、max_images を外してください
refuse-image-format-unknown = 画像 { $image } は JPEG・PNG・BMP・WebP のどれでもありません。どれかに変換してください
refuse-image-format = 画像 { $image } は { $format } です。{ $model } はこの形式を受け付けません
refuse-image-alpha = 画像 { $image } に透明部分（アルファチャンネル）があります。{ $model } は受け付けません。背景の上に統合してください
refuse-image-small = 画像 { $image } は { $width }×{ $height } px です。{ $model } は各辺 { $min } px 以上が必要です
refuse-image-large = 画像 { $image } は { $width }×{ $height } px です。{ $model } は各辺 { $max } px までです
refuse-image-aspect = 画像 { $image } は { $width }×{ $height } px で、縦横比は { $aspect }:1 です。{ $model } は { $max }:1 までです
refuse-image-bytes = 画像 { $image } は { $mb } MB です。{ $model } は { $max } MB までのファイルを受け付けます
refuse-boxes-unsupported = { $why }。ボックスを消すか、wan2.7 のモデルを選んでください
refuse-too-many-boxes = 画像 { $image } にボックスが { $count } 個あります。{ $model } は 1 枚につき { $max } 個までです
refuse-box-inverted = 画像 { $image } のボックス { $number }（{ $corners }）は空か、角が逆です。2 つ目の角は 1 つ目より右下にしてください
refuse-box-outside = 画像 { $image } のボックス { $number } は（{ $corner }）まで届き、{ $width }×{ $height } px の画像の外に出ています。内側に移してください
size-mode-t2i = テキストからの画像生成
size-mode-sets = 画像セット
size-mode-this = このモード
size-mode-edit = 編集
size-mode-interleave = 文章と画像の混在出力
size-allowed-pixels = W*H のサイズだけ
size-allowed-tiers = { $tiers } または W*H
size-hint-4k = （4K は画像セットなしのテキストからの画像生成用です）
refuse-size-tier = { $model } の{ $mode }ではサイズ { $size } は使えません。使えるのは { $allowed } です{ $hint }
refuse-size-pixels = サイズ { $size } は { $pixels } ピクセルです。{ $model } の{ $mode }では { $min }（{ $min_side }²）から { $max }（{ $max_side }²）の間が必要です
refuse-size-aspect = サイズ { $size } の縦横比は { $aspect }:1 です。{ $model } は { $max }:1 までです
refuse-n-sets = n が { $n } です。{ $model } の画像セットは { $min }〜{ $max } 枚を作ります
refuse-n-interleave = n が { $n } です。{ $model } の文章と画像の混在出力では n = { $needed } が必要です（もっと画像がほしいときは max_images を使ってください）
refuse-max-images = max_images が { $count } です。{ $model } は { $min }〜{ $max } です
refuse-n = n が { $n } です。{ $model } は 1 回の呼び出しで { $min }〜{ $max } 枚を作ります
refuse-seed = シード { $seed } は大きすぎます。0〜{ $max } を使ってください
refuse-palette-count = カラーパレットに { $count } 色あります。{ $min }〜{ $max } 色が必要です
refuse-palette-hex = パレットの色 { $number }「{ $hex }」は #RRGGBB の色ではありません
refuse-palette-share = パレットの色 { $number } の割合が { $share }% です。各割合は 0 より大きく 100 以下にしてください
refuse-palette-total = カラーパレットの割合の合計が { $total }% です。合計は 100.00% にしてください

## モデルが受け付けるもの（wanedit のもの）
option-only-one = { $model } だけが対応しています
option-only-many = { $models } と { $last } だけが対応しています
option-no-image-set = { $model } には画像セットモード（enable_sequential）がありません。{ $only }
option-no-interleave = { $model } には文章と画像の混在モード（enable_interleave）がありません。{ $only }
option-no-thinking = { $model } には思考モードがありません。{ $only }
option-thinking-with-images = 思考モードはテキストからの画像生成でだけ使えます。入力画像があるときは外してください
option-thinking-with-sets = 思考モードは画像セットには使えません。どちらかをオフにしてください
option-no-palette = { $model } はカラーパレットを受け付けません。{ $only }
option-palette-with-sets = カラーパレットは画像セットと一緒に使えません。どちらかをオフにしてください
option-no-prompt-extend = { $model } は prompt_extend を受け付けません。外してください
option-prompt-extend-with-interleave = prompt_extend は { $model } の編集モードでだけ使え、文章と画像の混在出力では使えません。外してください
option-no-watermark = { $model } は watermark を受け付けません
option-async-only = { $model } は非同期タスクとしてだけ動きます。呼び出しを非同期に切り替えてください
option-interleave-async-only = { $model } の文章と画像の混在モードを同期で呼ぶにはストリーミング応答が必要ですが、wanedit は使いません。呼び出しを非同期に切り替えてください
option-no-boxes = { $model } は編集範囲（bbox_list）を受け付けません。{ $only }

## モデル
model-blurb-27-pro = Wan 2.7 Pro：最高品質、4K のテキストからの画像生成、入力 9 枚まで、ボックス対応
model-blurb-27 = Wan 2.7：高速、入力 9 枚まで、ボックス対応
model-blurb-26 = Wan 2.6：入力 1〜4 枚、ネガティブプロンプト、文章と画像の混在モード
model-blurb-25 = Wan 2.5 プレビュー：入力 1〜3 枚、ネガティブプロンプト（非同期のみ）

## ジョブのエラー（wanedit のもの。サービスのメッセージは届いたまま表示）
err-service-advice = サービスがリクエストを拒否しました（HTTP { $status } { $code }）：{ $message }。{ $advice }{ $rid }
err-service = サービスがリクエストを拒否しました（HTTP { $status } { $code }）：{ $message }{ $rid }
advice-key = API キーと、それが選んだリージョンのものかを確かめてください（キーはリージョンごとです）
advice-moderation = コンテンツ審査が入力か出力を拒否しました。プロンプトか画像を変えてください
advice-quota = アカウントのクォータを使い切りました。コンソールで引き上げてください
advice-rate = リクエストが多すぎます。1 分待ってからもう一度実行してください
advice-overdue = アカウントが未払いです。Alibaba Cloud コンソールで精算してください
advice-forbidden = このキーではこのモデルかワークスペースを使えないようです。コンソールでモデルを有効にするか、リージョンを確かめてください
advice-not-found = モデル名とリージョン／ベース URL を確かめてください
advice-too-large = リクエストが大きすぎます。画像を減らすか小さくしてください
advice-bad-request = メッセージが指しているものを直して、もう一度実行してください
advice-server = サービス側で問題が起きました。少し待ってからもう一度試してください
err-task-failed = タスク { $task } が失敗しました：{ $code }：{ $message }{ $rid }。課金はされていません
err-task-canceled = タスク { $task } はキャンセルされました{ $rid }
err-task-unknown = サービスはタスク { $task } をもう知りません（UNKNOWN）。タスクは 24 時間しか保たれないか、ID が別のリージョンかアカウントのものです{ $rid }
err-unreachable = { $host } に接続できませんでした：{ $detail }。ネットワークと、設定のリージョン／ベース URL を確かめてください
err-no-answer = 生成リクエストは送られましたが応答がありません（{ $detail }）。まだ実行されて課金されるかもしれないので、再送していません。もう一度試す前にコンソールのタスク一覧を確かめてください
err-malformed = サービスは HTTP { $status } で、wanedit が読めない本文を返しました{ $rid }：{ $snippet }
err-result-expired = 結果 { $name } の期限が切れました（HTTP { $status }）。結果のリンクは 24 時間で切れます。ジョブをもう一度実行してください
err-download = 結果 { $name } のダウンロードに失敗しました：{ $detail }。タスクの結果は 24 時間ダウンロードできます
err-upload = { $name } の一時ストレージへのアップロードに失敗しました：{ $detail }
err-read-input = { $path } を読めませんでした：{ $detail }
err-write-output = { $path } に書き込めませんでした：{ $detail }。別の出力フォルダーを選ぶか、空き容量を作ってください
err-no-key = API キーがありません。DASHSCOPE_API_KEY を設定するか、`wanedit key set` かアプリの設定で保存してください
err-not-recorded = { $sentence }。何も送っていません
err-canceled-before = リクエストを送る前にキャンセルしました。課金はされていません
err-still-running = タスク { $task } は{ $detail }。記録は残ります。サービスが保つ間（24 時間）に wanedit resume（またはウィンドウを開き直す）で結果を取得します{ $rid }
err-no-results = サービスは成功と答えましたが画像を返しませんでした{ $detail }。保存できるものはありません。ジョブをもう一度実行し、続くようなら request_id を伝えてください{ $rid }
err-redirected = { $host } はリクエストに { $location } へのリダイレクト（HTTP { $status }）で答えました。wanedit は有料のリクエストを別のアドレスへ送り直しません。設定のリージョン／ベース URL を確かめてください
err-too-large = { $host } が { $limit } MB を超える、本物ではありえない大きさの応答を送ってきました。読んでいません。設定のベース URL を確かめてください
err-cancel-refused = サービスはタスク { $task } をキャンセルしませんでした（サービスの返答：{ $detail }）。キャンセルできるのは順番待ちの間だけなので、このタスクは完了して課金されるかもしれません{ $rid }

## ジョブの記録（wanedit のもの）
not-recorded-job = wanedit はジョブを記録できませんでした（{ $why }）
not-recorded-end = wanedit はジョブの終わりを記録できませんでした（{ $why }）
not-recorded-task-end = wanedit はタスクの終わりを記録できませんでした（{ $why }）
history-has-no-job = 履歴にジョブ { $id } はありません
not-recorded-download = wanedit はダウンロードを記録できませんでした（{ $why }）

## タスクの待機（wanedit のもの）
still-running-after-cancel = サービスがキャンセルを受け付けてから { $seconds } 秒たってもまだ実行中でした（完了して課金されるかもしれません）
still-running-after-wait = { $minutes } 分待ってもまだ終わっていませんでした

## 画像：修正と拒否（wanedit のもの）
repair-oriented = EXIF の向きの情報どおりに正しい向きに回転しました
repair-flattened-alpha = 透明部分を白の上に統合しました（サービスはアルファを受け付けません）
repair-dropped-alpha = 使われていないアルファチャンネルを外しました（サービスはアルファを受け付けません。すべてのピクセルが不透明でした）
repair-converted = { $from } から { $to } に変換しました（サービスは { $from } を受け付けません）
detail-box = 画像 { $image } のボックス { $number }：{ $whole } → { $detailed }
detail-box-off = 画像 { $image } のボックス { $number }：{ $whole }（ディテールなら { $detailed }）
detail-on = ディテール：{ $figures }（写真 1 ピクセルあたりの出力ピクセル）。画像 { $image } はボックスの周りを { $width }×{ $height } で切り出して送ります（1 回の呼び出し、料金は同じ）
detail-off = ディテールなし：{ $figures }（写真 1 ピクセルあたりの出力ピクセル）。画像全体を送ります
detail-split = ディテール：{ $figures }（写真 1 ピクセルあたりの出力ピクセル）。ボックスが離れていて 1 つの切り出しでは足りないため、画像 { $image } をボックスごとに切り出して送ります（{ $calls } 回の呼び出し、それぞれ課金）
detail-part = 呼び出し { $index }/{ $of }：画像 { $image } のボックス { $number } を単独で切り出して送信
detail-part-not-sent = 呼び出し { $index }/{ $of }（ボックス { $number }）は送信しませんでした：ジョブがキャンセルされました
detail-part-failed = 呼び出し { $index }/{ $of }（ボックス { $number }）は成功しませんでした（{ $why }）。合成画像にはそれ以前に編集したボックスだけが入り、以降は送信していません
detail-part-onto-missing = 前の呼び出しの合成画像（{ $file }）を読めませんでした（{ $why }）。この結果は元の画像に、このボックスだけで合成します
detail-part-tidied = 前の呼び出しの合成画像（そのボックスだけ）は履歴に残しました。出力フォルダーにはすべてのボックスを含む合成画像を残します
repair-cmyk = CMYK から RGB カラーに変換しました
repair-eight-bits = チャンネルあたり 16 ビットを 8 ビットにして送ります（合成結果はボックスの外で 16 ビットを保ちます）
repair-to-srgb = { $profile } から sRGB（モデルが読む色）に変換して送ります。合成結果は { $profile } に戻します
repair-scaled-down = モデルの上限に合わせて { $from } から { $to } px に縮小しました。ボックスも合わせて縮小しました
repair-reencoded = モデルのファイルサイズ上限に合わせて { $from } MB から { $to } MB に再エンコードしました
repair-metadata-left-out = カメラ情報・位置情報・名前（EXIF、XMP、IPTC）を除いて送ります。サービスに必要なのは画素だけです
refusal-not-an-image = wanedit が読める画像（JPEG・PNG・BMP・WebP・GIF・TIFF）ではありません
refusal-svg = SVG の図です。先に PNG か JPEG に書き出してください
refusal-damaged = 壊れているか途中で切れています（{ $why }）。もう一度書き出すかダウンロードしてください
refusal-too-large = { $width }×{ $height } px だと称しています。wanedit が開けるのは { $max_mp } メガピクセル、各辺 { $max_side } px までです
damaged-cut-short = { $format } のデータが画像の終わりより前で切れています（ファイルが途中で切れています）
probe-header-damaged = ヘッダーが壊れています（{ $why }）。画像を書き出し直してください

## 料金（wanedit のもの）
price-entered-by-you = あなたが入力
estimate-priced = { $images } 枚 × { $each } ≈ { $total }（{ $place } の { $model }。料金は{ $source }、{ $checked }）
estimate-unpriced = { $images } 枚。{ $place } の { $model } の料金がわかりません。費用を見るには設定の下の「価格」（または wanedit prices set）で入力してください

## 台帳（wanedit のもの）
ledger-images-in-jobs = { $jobs } 件のジョブで { $images } 枚
ledger-unpriced = 料金のわからない画像 { $images } 枚
list-separator = 、
ledger-not-written = 課金された画像を台帳 { $file } に追加できませんでした（{ $why }）

## 一括処理タブのお知らせ
batch-image-1-not-loaded = 画像 1 がまだ読み込まれていません
batch-recipe-current-job = 現在のジョブ
batch-pick-folder-title = 一括処理する画像
batch-no-key = API キーがありません。先に設定で入力してください
batch-choose-recipe = 先にレシピを選んでください
batch-add-files-first = レシピをかけるファイルを追加してください
batch-choose-out = 結果を入れるフォルダーを選んでください
batch-started = 一括処理を始めました。結果と batch.json はそのフォルダーに入ります
batch-not-listed = その一括処理はもう一覧にありません
batch-ended = { $folder } の一括処理：{ $items } 件中 { $done } 件完了、{ $billed } 枚が課金されました{ $stopped }
batch-ended-stopped = 。{ $why }
batch-resuming-left = 前回の実行が残した { $folder } の一括処理を再開しています
batch-export-title = 採用した結果の書き出し
batch-pausing = 一時停止中：処理中の項目は終わらせ、新しい項目は始めません
batch-sending-again = { $count } 件をもう一度送ります。作られる画像はそれぞれ課金されます
price-saved = 料金を保存しました

## 比較タブのお知らせ
copying-full-image = 画像を元のサイズでコピーしています…
sheet-needs-local-before = シートには編集前の画像がローカルファイルである必要があります。別の「編集前」を選んでください
raw-result-sentence = 生の結果。{ $sentence }

## 履歴のお知らせ
resuming-open-tasks = 前回 wanedit を閉じたときに残っていたタスク { $count } 件を再開しています
task-no-longer-open = このタスクは記録上もう開いていません（終わったか、別の場所で再開されました）
history-unknown-model = このジョブは { $model } を使っていますが、この wanedit はそれを知りません
history-no-copy = 履歴に { $name } のコピーがありません。画像をもう一度追加してください
fetch-again-no-key = API キーがありません。設定で入力するか DASHSCOPE_API_KEY を設定してください

## サンプル
samples-not-written = サンプル写真を { $folder } に書き込めませんでした：{ $why }

## 入力
inputs-full = wanedit が受け付けるのは { $most } 枚までです（どのモデルもそれ以上は受け付けません）。{ $extra } 枚は追加していません。空きを作るには 1 枚外してください
pasted-needs-path = 貼り付けた画像にはファイルのパスが必要です
oss-no-preview = oss:// の入力はプレビューできません
pasted-malformed = 貼り付けた画像が壊れています

## 合成（wanedit のもの）
not-composited = 合成していません：{ $why }
composited-detail = ディテール：{ $width }×{ $height } の切り出しで送信
composited-into = 画像 { $image } に合成しました（位置合わせ { $match_percent } %）。{ $change }
composited = 合成しました
composite-not-written = 合成した画像を { $folder } に書き込めませんでした（{ $why }）

## 合成：変わったところ
composite-change = ボックスの外では、サービスの出力が { $share } % のピクセルをはっきり変えています（255 中 { $threshold } を超える差。平均 { $mean }、最大 { $max }）。合成結果ではそこは元のままです

## 結果の位置合わせ（wanedit のもの）
register-shape = 結果（{ $result }）は対象画像の形（{ $target }）と違います。サービスは最後の入力画像に合わせて出力の形を決めるので、対象画像を最後に置いてください
register-boxes-cover-all = ボックスが画像のほぼ全体を覆っています。外側に位置合わせに使える部分がほとんどないので、結果はサービスが作ったままにしています
register-no-match = 結果はボックスの外で対象画像と一致しません（一致 { $found } %、必要 { $needed } %）。モデルが構図を変えたか別の画像を作ったので、合成せずサービスが作ったままにしています

## 範囲編集の対象（wanedit のもの）
target-beyond = 対象は画像 { $image } ですが、ジョブの画像は { $count } 枚です
target-no-boxes = 画像 { $image } が対象ですがボックスがありません。編集する範囲を描いてください
target-none-boxed = ボックスのある画像がありません。対象画像に編集する範囲を描いてください
target-many-boxed = 画像 { $images } のどれにもボックスがあります。編集の対象にする画像を指定してください

## 範囲編集の対象（続き）
target-not-last = 対象は画像 { $image } ですが、サービスは最後の画像（画像 { $last }）に合わせて出力の形を決めます。結果は対象と重なりません。画像 { $image } を最後に移してください

## ディスク上の履歴（wanedit のもの）
history-action-copy = ファイルをコピー
history-action-create = 作成
history-action-delete = 削除
history-action-write = 書き込み
history-error = wanedit は { $path } の履歴の{ $action }ができませんでした（{ $detail }）。ディスクの空きを作るか、フォルダーを書き込めるようにしてください

## ジョブ（wanedit のもの）
image-cannot-be-used = 画像 { $image }（{ $name }）は使えません：{ $why }
made-fewer = サービスは頼んだ { $asked } 枚のうち { $made } 枚を作りました（課金は作られた枚数ごとです）

## 一括処理の項目（wanedit のもの）
item-may-have-run = リクエストは送られましたが、応答の前に wanedit が止まったので、実行されて課金されたかもしれません。自動では送り直しません。コンソールで使用量を確かめ、必要ならやり直してください（やり直すと再び課金されます）
item-task-unrecorded = タスク { $task } は wanedit が再開できる場所に記録されていません。24 時間以内に手で取得してください
item-task-goes-on = { $why }。タスクは続いていて、一括処理を再開したときにまた確認します
item-task-failed = タスクが失敗しました
item-failed = 失敗しました
item-ran-again = このジョブが送られる前に wanedit が止まりました。一括処理がもう一度実行しました

## ユーザーのファイルの読み込み（wanedit のもの）
every-name-taken = { $folder } では { $name } のような名前がすべて使われています
input-missing = 存在しません。パスを確かめてください
input-folder = 画像ファイルではなくフォルダーです。中のファイルを選んでください
input-not-regular = 通常のファイルではありません（パイプ、デバイスまたはソケット）。画像をファイルに保存してから追加してください
input-too-large = { $mb } MB あり、wanedit が読む { $limit } MB を超えています。先に小さくしてください
input-denied = wanedit には読む権限がありません（{ $why }）。アクセス権を確かめてください
input-io = 読めませんでした（{ $why }）
input-stopped = 読み込みを中止しました

## ダウンロード（wanedit のもの）
download-not-image = リンクが返したのは画像ではなく { $kind }（{ $bytes } バイト）でした
download-not-image-untyped = リンクが返したのは画像ではなく種類のないデータ（{ $bytes } バイト）でした
download-too-large = リンクが { $limit } MB を超える、本物の結果ではありえない量を送ってきました。保存していません
download-failed = { $url } をダウンロードできませんでした：{ $why }

## 一括処理（wanedit のもの）
batch-manifest-unreadable = { $file } を読めませんでした（{ $why }）。一括処理のフォルダーですか？
batch-no-images = 一括処理する画像（JPEG・PNG・BMP・WebP・GIF・TIFF）がありません
batch-paused-cap = 支出上限 { $cap } で一時停止しました。課金済みか処理中が { $spent } で、もう 1 件で { $would } になります。上限を上げて一括処理を再開してください
batch-paused = 一時停止中：待っている項目は一括処理を再開すると始まります
batch-stopped = 停止しました：{ $why }。待っている項目は一括処理を再開すると始まります

## ファイルダイアログ（wanedit のもの）
dialog-did-not-open-why = システムのファイルダイアログが開きませんでした（{ $portal }。{ $zenity }）
dialog-no-portal = D-Bus でファイル選択ポータルが応答しませんでした
dialog-no-dbus = ファイル選択ポータル用の D-Bus セッションがありません
dialog-zenity-failed = zenity も失敗しました
dialog-no-zenity = zenity がインストールされていません
dialog-did-not-open = システムのファイルダイアログが開きませんでした

## 結果の書き出し（wanedit のもの）
export-not-written = { $file } に書き込めませんでした：{ $why }。別の場所を選ぶか、空き容量を作ってください
export-not-written-into = { $name } を { $folder } に書き込めませんでした：{ $why }。別のフォルダーを選ぶか、空き容量を作ってください
export-no-file-name = ファイル名のない結果があります
export-not-copied = { $file } を { $folder } にコピーできませんでした：{ $why }
export-copied = 採用した結果 { $count } 件を { $folder } にコピーしました

## 結果：失敗したジョブ
results-error-code = エラーコード：{ $code }

## リージョンとアドレス（wanedit のもの）
region-unknown = 不明なリージョン
workspace-in-region = { $region } のワークスペース { $workspace }
region-unknown-id = 不明なリージョン「{ $region }」です。次から選んでください：{ $regions }
region-no-shared-host = { $region } には共有ホストがありません。{ $host } を使うにはワークスペース ID を入力してください
token-plan-no-workspace = Token Plan には専用のホストが 1 つあり、ワークスペース ID は使いません。ID なしで「Token Plan（北京）」を選んでください
token-plan-key-elsewhere = これは Token Plan のキー（sk-sp- で始まる）で、Token Plan 専用のホストでしか使えません。リージョンに「Token Plan（北京）」を選ぶか、このリージョンで作った従量課金のキーを入力してください
token-plan-other-key = Token Plan が受け付けるのは sk-sp- で始まる専用のキーだけです。プランのキーを入力するか、このキーを作ったリージョンを選んでください
token-plan-model = Token Plan で使えるのは { $models } で、{ $model } は使えません。そのどれかか、従量課金のリージョンを選んでください
token-plan-oss = oss:// リンクは従量課金の一時アップロードで、Token Plan では文書化されていません。ファイルそのものを追加してください（インラインで送ります）
token-plan-sync = Token Plan で文書化されているのは同期呼び出しだけです。このジョブは同期で送ります
token-plan-upload = Token Plan ではアップロードが文書化されていません。ローカルファイルはインラインで送るため、「アップロード」は使えません（自動かインラインを選んでください）
token-plan-unconfirmed-path = Token Plan のホストで文書化されているのは同期の画像呼び出しだけです。wanedit は { $path } をそこへ送りません
token-plan-cat-confirmed = Token Plan の文書で確認できること：
token-plan-cat-unconfirmed = 確認できないため、wanedit が代わりにすること：
token-plan-cat-sync = wan2.7-image と wan2.7-image-pro の同期の画像呼び出し
token-plan-cat-models = ほかのモデル：送信する前に断ります
token-plan-cat-async = 非同期呼び出しとタスク：同期呼び出しで送ります
token-plan-cat-uploads = 一時アップロードと oss:// リンク：ファイルをインラインで送ります
token-plan-cat-usage = 応答の課金の数字：ない場合は作られた画像の数を数えます
token-plan-cat-key-check = 無料のキー確認：何も作らずにサービスが断るリクエストを 1 回送ります
token-plan-cat-prices = 画像 1 枚の価格：クレジットで入力したあなたの価格
workspace-id-invalid = 「{ $workspace }」はワークスペース ID ではありません（英数字・-・_、例：ws-abc123）。Model Studio コンソールからコピーしてください
base-url-no-scheme = ベース URL「{ $url }」は https:// で始めてください（例：https://dashscope-intl.aliyuncs.com/api/v1）
base-url-no-host = ベース URL「{ $url }」にホスト名がありません

## ファイルの送信（wanedit のもの）
file-changed-while-sent = wanedit が確かめた後にディスク上のファイルが変わりました。ジョブをもう一度実行してください

## 再取得（wanedit のもの）
fetched-again = 結果を { $count } 件取得し直しました
fetched-not-all = 結果をすべては取得できませんでした

## 実行（wanedit のもの）
cancel-refused-running = ジョブ { $job }：タスクはすでにサービスで実行中のためキャンセルできません。結果は届きます
curl-copied = リクエストを curl としてコピーしました（キーは $DASHSCOPE_API_KEY と書かれます）

## フォルダーを開く（wanedit のもの）
folder-not-opened = { $folder } を開けませんでした（{ $opener }：{ $why }）。ファイルマネージャーで開いてください

## レシピ（wanedit のもの）
recipe-not-json = wanedit のレシピではありません（JSON：{ $why }）
recipe-version = このレシピはバージョン { $version } です。この wanedit が読めるのはバージョン { $reads } です。ウィンドウから保存し直すか、wanedit を更新してください
recipe-no-version = wanedit のレシピではありません（"version" がありません）
recipe-unreadable = レシピを読めません：{ $why }。ウィンドウから保存し直してください
recipe-too-many-boxes = レシピにボックスが { $count } 個あります。モデルは 1 枚につき { $max } 個までです
recipe-box-outside = レシピのボックス { $number } は画像の中のボックスではありません（辺は幅と高さに対する 0〜1 の割合で、左は右より、上は下より前です）

## 接続（wanedit のもの）
connection-broke = 応答の前に接続が切れました（{ $why }）

## The batch's contact sheet
batch-item-waiting = 待機中
batch-item-running = 実行中
batch-item-done = 完了
batch-item-failed = 失敗
batch-item-may-have-run = 実行された可能性あり
batch-before = 編集前
batch-changed-outside = ボックス外の { $share } % が変化
batch-accept = 採用
batch-reject = 不採用
batch-accept-item = 項目 { $index } を採用
batch-reject-item = 項目 { $index } を不採用
duration-seconds = { $n } 秒
duration-minutes = { $n } 分
duration-hours = { $h } 時間 { $m } 分
composer-put-back = 画像 { $images } 枚、ボックス { $boxes } 個、プロンプト
composer-crashed = 前回 wanedit は予期せず終了しました。{ $what }を元に戻しました。
composer-report-left = 前回 wanedit は予期せず終了し、クラッシュレポートを残しました（API キーは含まれていません）。
composer-open-report = クラッシュレポートを開く
composer-copy-report = レポートをコピー
composer-report-title = クラッシュレポート
composer-dismiss = 閉じる
panel-collapse = { $name }を折りたたむ
panel-expand = { $name }を表示
panel-strip = 画像
panel-results = 結果
panel-readout = ボックスパネル
results-collapsed = 結果：ジョブ { $count } 件
run-cost = { $images } 枚分の課金：約 { $total }
run-cost-unpriced = { $images } 枚分の課金。料金は不明です。設定の下の「価格」で入力できます
composer-another-window = 同じデータフォルダで別の wanedit ウィンドウが開いています。画像とボックスはそちらが保持し、このウィンドウの分は保持されません。

owner-elsewhere-pid = 別の wanedit（pid { $pid }）で
owner-elsewhere = 別の wanedit で
owner-what-task = タスク { $task }
owner-what-job = このジョブのダウンロード
owner-what-batch = このバッチ
err-elsewhere = { $what }は{ $elsewhere }実行中です。そちらで続きます（二重に送信・ダウンロードされることはありません）。
owner-taken-over-later = { $why } そちらの wanedit が先に終了した場合は、このウィンドウが引き継ぎます。
batch-lock-failed = { $folder } のバッチをこの wanedit 用にロックできませんでした（{ $why }）。フォルダに書き込めるか確認してください。
batch-wait-stopped = このウィンドウは { $folder } のバッチの表示をやめました。バッチは別の wanedit で続いており、ここの進行状況はその時点のものです。「バッチを再開」で再び表示し、そちらが終了したら引き継ぎます。
batch-taken-over = 別の wanedit が終了しました。{ $folder } のバッチはここで続きます。
batch-review-elsewhere = { $why } レビューはそちらで終了してから行ってください。
download-stalled = { $seconds } 秒間何も届きませんでした
download-too-slow = 届くのが遅すぎます（{ $seconds } 秒で { $bytes } バイト）
download-progress-of = ダウンロード中：{ $of } 中 { $got }（{ $rate }/秒）
download-progress = ダウンロード中：{ $got }（{ $rate }/秒）
download-quiet = 、{ $seconds } 秒間受信なし
watch-unchanged = タスク { $task }：{ $status } のまま { $time }
watch-unreadable = タスク { $task }：{ $seconds } 秒間状態を読み取れません（{ $why }）。再試行します
status-unreadable = の状態を { $minutes } 分間読み取れませんでした（{ $why }）
still-running-after-wait-secs = { $seconds } 秒待ってもまだ終わっていませんでした
owner-here = すでにこの wanedit で
batch-stop-watching = ここでの表示をやめる
batch-stop-watching-hover = バッチは別の wanedit で続きます。このウィンドウは進行状況の表示をやめます
prompt-names-missing-image = プロンプトに画像 { $number } とありますが、画像は { $images } 枚です。
prompt-names-missing-box = プロンプトにボックス { $number } とありますが、どの画像のボックスも { $most } 個以下です。
input-removed = { $name } を削除しました。元に戻す（Ctrl+Z）でボックスごと戻せます。
input-put-back = { $name } をボックスごと元に戻しました。
reopened = { $when } のジョブを開き直しました。
reopened-undoable = { $when } のジョブを開き直しました。元に戻す（Ctrl+Z）で前の内容に戻せます。
reopen-undone = 開き直す前の画像、ボックス、プロンプトに戻しました。
reopen-redone = 開き直したジョブに戻しました。元に戻す（Ctrl+Z）で前の内容に戻せます。
images-picker-instead = { $why }：wanedit 独自のファイル選択で画像を選んでください。
images-picker-here = { $why }。代わりにここで画像を選んでください。
image-copied = 画像（{ $width }×{ $height } px）をクリップボードにコピーしました。
keychain-unavailable = システムのキーチェーンを使えないため、入力したキーはこの実行中だけ保持されます。保存するには、キーチェーン（GNOME Keyring、KWallet）を入れてロックを解除するか、DASHSCOPE_API_KEY を設定してください。
keychain-refused = システムのキーチェーンがアクセスを拒否しました。ロックを解除してもう一度試してください。それまでは入力したキーはこの実行中だけ保持されます。
settings-forget-run-key = キーを忘れる（この実行中だけ保持）
task-status-pending = サービスの順番待ち（{ $code }）
task-status-running = 生成中（{ $code }）
task-status-succeeded = 生成済み（{ $code }）
task-status-failed = 失敗（{ $code }）
task-status-canceled = キャンセル済み（{ $code }）
task-status-unknown = サービスに不明（{ $code }）
names-unclosed = 名前「{ $template }」の {"{"} が {"}"} で閉じられていません。例：{"{"}name{"}"}-edit
names-unknown = 名前に wanedit が知らない {"{"}{ $token }{"}"} があります。{"{"}name{"}"}、{"{"}model{"}"}、{"{"}date{"}"}、{"{"}prompt{"}"} を使ってください。
names-empty = この名前ではファイル名が残りません。文字か {"{"}name{"}"} を加えてください。
settings-result-names = 結果の名前
settings-result-names-hover = 結果の名前（続けて -1、-2…）：{"{"}name{"}"} は編集した画像（またはプロンプトの最初の語）、ほかに {"{"}model{"}"}、{"{"}date{"}"}、{"{"}prompt{"}"}。既定は {"{"}name{"}"}-edit（coffee-edit-1.png）。
batch-thumb-open = { $what }（クリックで比較に大きく表示）
batch-open-item = 項目 { $index } を大きく表示
batch-open-input = 項目 { $index } を元の写真から大きく表示
picker-save-title = 保存
picker-save-why = { $why }。代わりにここで保存先を選んでください。
picker-save-name-label = 名前
picker-save-format = 形式
picker-save-here = ここに保存
picker-save-into = このフォルダに保存
picker-save-folder-hint = 保存先のフォルダを開いてから「このフォルダに保存」を押してください。
picker-save-name = ファイル名を入力してください（/ は使えません）。
picker-save-taken = { $name } はこのフォルダにすでにあります。wanedit はファイルを上書きしません。別の名前かフォルダを選んでください。
prompt-names-box-none = プロンプトにボックス { $number } とありますが、まだボックスがありません。対象の画像に描いてください。

## 必要なものだけを残す：各ボックスを選んだ結果から
choice-result-not-lined-up = 結果 { $result } は合成先の画像に位置合わせできなかったので、ボックスに使えません。別の結果か元の画像を選んでください
choice-result-unreadable = 結果 { $result } を履歴から読めませんでした（{ $why }）。別の結果を選ぶか、ジョブの結果をもう一度ダウンロードしてください
choice-split-job = このジョブはボックスごとに別の呼び出しで送りました（ディテール）。各呼び出しの合成画像はすでにすべてのボックスを含みます。ボックスごとの選択は、1 回の呼び出しで送ったジョブでできます
choice-no-boxes = このジョブには結果を選ぶボックスがありません
choice-box-count = ジョブのボックスは { $boxes } 個ですが、{ $given } 個が指定されました。各ボックスを 1 回ずつ指定してください
choice-no-such-result = 結果 { $result } はありません。このジョブの結果は { $results } 枚です
choice-no-job = 履歴にジョブ { $id } はありません。`wanedit history` で一覧できます
choice-no-target = 履歴に画像 { $image }（合成先）のコピーがないため、合成画像を作り直せません
choice-kept = 残しました：{ $boxes }。{ $path } に書き込みました
choice-box-from = ボックス { $number } は結果 { $result }
choice-box-original = ボックス { $number } は元の画像
compare-boxes = ボックスごと
compare-boxes-hover = 各ボックスを元の画像とすべての結果（合成済み）で並べて表示し、ボックスごとに使うものを選びます。何も送信せず、課金もありません
boxes-view-help = 画像をクリックするか 0–9 を押して、このボックスに使います（0 = 元の画像）。Tab で次のボックスへ。合成画像は手元の結果から作り直すので、何も送信しません
choice-original = 元の画像
choice-taken = { $name }（使用中）
choice-no-candidate = 合成していません
choice-candidate = ボックス { $number }：{ $name }
choice-take-hover = このボックスに使う（キー { $key }）
choice-scale = { $percent } % で表示
choice-making = 選んだ合成画像を作っています…
choice-none-yet = ボックスに使う画像を選ぶと、その合成画像がここに表示され、ジョブと一緒に保存されます
choice-kept-picture = 選んだ合成画像
shortcut-take-candidate = ボックスごとの表示：ボックスに元の画像（0）か結果 1–9 を使う
choice-fit-all = すべて表示
choice-fit-all-hover = すべての画像を表示の幅に合わせます（入らないときは等倍より小さく）。オフ：等倍で、横にスクロール
# mask painting
mask-tool-box = ボックスツール
mask-tool-box-hover = ボックスを描く・選択・移動・サイズ変更（{ $keys }）
mask-tool-brush = ブラシ
mask-tool-brush-hover = ボックスの中で、結果を使うピクセルを描きます。描いたボックスの残りは元の画像のままです（{ $keys }。{ $smaller } と { $larger } でサイズを変更）。ボックスのない所に描くと、そのためのボックスが作られます。
mask-tool-eraser = イレーザー
mask-tool-eraser-hover = 描いたピクセルを元の画像に戻す（{ $keys }）
mask-tool-lasso = ラッソ
mask-tool-lasso-hover = ボックスの中をドラッグで囲むと、その内側が結果を使います（{ $keys }）
mask-brush-smaller = ブラシを小さく
mask-brush-larger = ブラシを大きく
mask-brush-size = サイズ { $size } px
mask-brush-size-hover = ブラシの大きさ（画像のピクセル単位。ポインターの位置に表示されます）
mask-clear = マスクをクリア
mask-clear-box-hover = ボックス { $number } に描いた所を消します：ボックス全体がまた結果を使います
mask-clear-image-hover = 画像 { $number } に描いた所をすべて消します：各ボックスが全体でまた結果を使います
shortcut-tool-box = ボックスツール：ボックスを描く・移動・サイズ変更
shortcut-tool-brush = ブラシ：ボックスの中で結果を使うピクセルを描く
shortcut-tool-eraser = イレーザー：描いたピクセルを元の画像に戻す
shortcut-tool-lasso = ラッソ：囲んだ内側が結果を使う
shortcut-brush-smaller = ブラシを小さく
shortcut-brush-larger = ブラシを大きく
gesture-paint-mask = マスクを描く（ブラシ・イレーザー・ラッソ）
# flags and lineage
flag-no-job = 履歴にジョブ { $id } がありません（削除されましたか？）。結果のフラグを保存できません。
flag-no-result = 履歴のジョブに結果 { $number } がありません。フラグを保存できません。
flag-not-recorded = この結果のジョブはまだ履歴にありません。ジョブが記録されてからフラグを付けてください。
export-picked-none = 書き出す採用の結果がありません。先に採用してください（比較で結果に P）。
export-picked-unread = 履歴の { $name } を読み込めませんでした：{ $why }
export-picked-done = 採用した結果 { $count } 件を { $folder } に書き出しました
shortcut-pick = 表示中の結果を採用（もう一度で取り消し）
shortcut-reject = 表示中の結果を除外（もう一度で取り消し）
shortcut-unflag = 結果のフラグを外す
results-picked-only = 採用のみ
results-none-picked = 採用した結果はまだありません。比較で結果に P を押すと採用します。
export-picked = 採用を書き出す…
export-picked-hover = 採用した結果（合成がある場合は合成）のコピーを選んだフォルダーに書き出します。既存のファイルは置き換えず、何も送信しません。
export-picked-title = 採用した結果の書き出し先
exporting-picked = 採用した結果を書き出しています…
flag-pick = 採用
flag-reject = 除外
flag-unpick = 採用を取り消す
flag-unreject = 除外を取り消す
flag-picked = 採用
flag-rejected = 除外
flag-pick-result = ジョブ { $id } の結果 { $number } を採用
flag-reject-result = ジョブ { $id } の結果 { $number } を除外
history-picked-only = 採用のみ
history-as-list = 一覧
history-as-list-hover = すべてのジョブ、新しい順
history-as-tree = 編集のつながり
history-as-tree-hover = 各ジョブを、その画像を編集したジョブの下に表示します（入力として使う、保存した結果を開き直す、ここから新しく始める）
history-tree-choose = ツリーでジョブを選ぶと、その画像とボタン（比較、開き直す、ここから新しく始める…）がここに表示されます。
history-fork = ここから新しく始める
history-fork-item = 履歴 { $number } から新しく始める
history-fork-hover = このジョブの画像（採用した結果、ない場合は最初の結果）を画像 1 にした新しい構成。元に戻すでストリップの内容が戻ります。
history-fork-nothing = このジョブには新しく始める画像がありません。
history-after = { $when } のジョブから
history-flags = 採用 { $picked }、除外 { $rejected }
forked = { $when } のジョブから新しく始めました。その画像が画像 1 です。
forked-undoable = { $when } のジョブから新しく始めました。その画像が画像 1 です。元に戻す（Ctrl+Z）で前の内容に戻せます。
results-hidden-by-picked = 採用した結果のない終わったジョブ { $count } 件は表示していません（採用のみ）
