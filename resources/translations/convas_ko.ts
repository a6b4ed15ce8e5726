<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;New</source>
        <translation>새로 만들기(&amp;N)</translation>
    </message>
    <message>
        <source>Start a new network</source>
        <translation>새 네트워크를 시작합니다</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>열기(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a project file</source>
        <translation>프로젝트 파일을 엽니다</translation>
    </message>
    <message>
        <source>Open &amp;Preset…</source>
        <translation>프리셋 열기(&amp;P)…</translation>
    </message>
    <message>
        <source>Start from a classic network (LeNet, ResNet, DenseNet…)</source>
        <translation>고전적인 네트워크(LeNet, ResNet, DenseNet…)에서 시작합니다</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>저장(&amp;S)</translation>
    </message>
    <message>
        <source>Save the network</source>
        <translation>네트워크를 저장합니다</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>다른 이름으로 저장(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the network under a new name</source>
        <translation>네트워크를 새 이름으로 저장합니다</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>끝내기(&amp;Q)</translation>
    </message>
    <message>
        <source>Close Convas</source>
        <translation>Convas를 닫습니다</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>실행 취소(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>다시 실행(&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>잘라내기(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>복사(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>붙여넣기(&amp;P)</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>복제(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>삭제(&amp;D)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>모두 선택(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Expand into Primitives</source>
        <translation>기본 블록으로 펼치기(&amp;E)</translation>
    </message>
    <message>
        <source>Replace the selected composite block by the layers it is made of</source>
        <translation>선택한 복합 블록을 그 블록을 이루는 층들로 바꿉니다</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>확대(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>축소(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit to Window</source>
        <translation>창에 맞추기(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>실제 크기(&amp;A)</translation>
    </message>
    <message>
        <source>Auto &amp;Layout</source>
        <translation>자동 배치(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>시스템 설정(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>밝게(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>어둡게(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;About Convas</source>
        <translation>Convas 정보(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>최근 파일 열기(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>테마(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>언어(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>이름 바꾸기(&amp;R)…</translation>
    </message>
    <message>
        <source>Give the selected block a name shown on the canvas</source>
        <translation>선택한 블록에 캔버스에 보일 이름을 붙입니다</translation>
    </message>
    <message>
        <source>&amp;Look Inside</source>
        <translation>내부 들여다보기(&amp;L)</translation>
    </message>
    <message>
        <source>Show the layers of the selected composite block (read-only)</source>
        <translation>선택한 복합 블록을 이루는 층들을 보여 줍니다 (읽기 전용)</translation>
    </message>
    <message>
        <source>Arrange the blocks to read at the window&apos;s size, in the flow&apos;s direction</source>
        <translation>데이터가 흐르는 방향으로, 창 크기에서 읽기 좋게 블록을 배치합니다</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>배치 초기화(&amp;R)</translation>
    </message>
    <message>
        <source>Put every panel back where it was at the first start</source>
        <translation>모든 패널을 처음 시작했을 때의 자리로 되돌립니다</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>단축키(&amp;K)</translation>
    </message>
    <message>
        <source>Every shortcut of the window</source>
        <translation>창의 모든 단축키</translation>
    </message>
    <message>
        <source>&amp;Getting Started</source>
        <translation>시작하기(&amp;G)</translation>
    </message>
    <message>
        <source>How to build a first network</source>
        <translation>첫 네트워크를 만드는 방법</translation>
    </message>
    <message>
        <source>&amp;Read Me</source>
        <translation>읽어 보기(&amp;R)</translation>
    </message>
    <message>
        <source>Convas&apos;s README: the window, the command line, the file format</source>
        <translation>Convas의 README: 창, 명령줄, 파일 형식</translation>
    </message>
    <message>
        <source>Show &amp;Data Folder</source>
        <translation>데이터 폴더 열기(&amp;D)</translation>
    </message>
    <message>
        <source>The folder with the settings, run history, recovery files and log</source>
        <translation>설정, 실행 기록, 복구 파일과 로그가 있는 폴더</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Qt 정보(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Panels</source>
        <translation>패널(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>실행(&amp;R)</translation>
    </message>
    <message>
        <source>Data Flows &amp;Down</source>
        <translation>데이터가 아래로 흐름(&amp;D)</translation>
    </message>
    <message>
        <source>Data Flows &amp;Right</source>
        <translation>데이터가 오른쪽으로 흐름(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Fold All Stages</source>
        <translation>모든 단계 접기(&amp;F)</translation>
    </message>
    <message>
        <source>Show each stage (layer1, layer2…) as one block</source>
        <translation>각 단계(layer1, layer2…)를 블록 하나로 보여 줍니다</translation>
    </message>
    <message>
        <source>&amp;Unfold All Stages</source>
        <translation>모든 단계 펼치기(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Minimap</source>
        <translation>미니맵(&amp;M)</translation>
    </message>
    <message>
        <source>An overview of the whole network in a corner of the canvas</source>
        <translation>캔버스 한쪽 구석에 네트워크 전체를 한눈에 보여 줍니다</translation>
    </message>
    <message>
        <source>This network has no stages to fold.</source>
        <translation>이 네트워크에는 접을 단계가 없습니다.</translation>
    </message>
</context>
<context>
    <name>AnimationPage</name>
    <message>
        <source>Cross-correlation: the kernel slides as it is. This is what a Conv2d layer computes (and why the lesson calls it a cross-correlation).</source>
        <translation>교차 상관: 커널을 그대로 밀며 계산합니다. Conv2d 층이 실제로 계산하는 것이 이것입니다(그래서 수업에서 교차 상관이라고 부릅니다).</translation>
    </message>
    <message>
        <source>True convolution: the kernel is flipped in both axes (rotated 180°) before sliding, as in the definition (f ∗ g)(t) = Σ f(τ)·g(t − τ).</source>
        <translation>수학적 합성곱: 정의 (f ∗ g)(t) = Σ f(τ)·g(t − τ)처럼, 커널을 두 축 모두 뒤집은(180° 회전한) 뒤 밉니다.</translation>
    </message>
    <message>
        <source>Max pooling keeps the largest value of each window; its padding never wins.</source>
        <translation>최대 풀링은 윈도우마다 가장 큰 값을 남깁니다. 패딩 값은 절대 뽑히지 않습니다.</translation>
    </message>
    <message>
        <source>Average pooling takes the mean of each window (padding counts as zeros).</source>
        <translation>평균 풀링은 윈도우마다 평균을 구합니다(패딩은 0으로 셉니다).</translation>
    </message>
    <message>
        <source>Cross-correlation (what Conv2d does)</source>
        <translation>교차 상관 (Conv2d가 하는 계산)</translation>
    </message>
    <message>
        <source>True convolution (kernel flipped)</source>
        <translation>수학적 합성곱 (커널 뒤집기)</translation>
    </message>
    <message>
        <source>input </source>
        <translation>입력 </translation>
    </message>
    <message>
        <source>Side of the made-up input image</source>
        <translation>예시 입력 이미지의 한 변 길이</translation>
    </message>
    <message>
        <source>Back to the first cell</source>
        <translation>첫 칸으로 돌아가기</translation>
    </message>
    <message>
        <source>One cell back (←)</source>
        <translation>한 칸 뒤로 (←)</translation>
    </message>
    <message>
        <source>Play / pause (space)</source>
        <translation>재생 / 일시 정지 (스페이스)</translation>
    </message>
    <message>
        <source>One cell forward (→)</source>
        <translation>한 칸 앞으로 (→)</translation>
    </message>
    <message>
        <source>Cells per second</source>
        <translation>초당 칸 수</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>속도</translation>
    </message>
    <message>
        <source>This kernel is too large to show cell by cell on a small input.</source>
        <translation>이 커널은 작은 입력에서 한 칸씩 보여 주기에는 너무 큽니다.</translation>
    </message>
    <message>
        <source>The input is {size} so that the window fits at least twice.</source>
        <translation>윈도우가 적어도 두 번 들어가도록 입력을 키웠습니다: {size}.</translation>
    </message>
    <message>
        <source>{rate}/s</source>
        <translation>초당 {rate}칸</translation>
    </message>
    <message>
        <source>cell {index} of {count}</source>
        <translation>{count}칸 중 {index}번째</translation>
    </message>
</context>
<context>
    <name>BlockPalette</name>
    <message>
        <source>Search blocks…</source>
        <translation>블록 검색…</translation>
    </message>
    <message>
        <source>Filter by name, type or description (Esc clears, ↓ to the list)</source>
        <translation>이름, 유형, 설명으로 거릅니다 (Esc: 지우기, ↓: 목록으로)</translation>
    </message>
</context>
<context>
    <name>BlockSummary</name>
    <message>
        <source>basic</source>
        <translation>기본형</translation>
    </message>
    <message>
        <source>bottleneck</source>
        <translation>병목형</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>층</translation>
    </message>
    <message>
        <source>pool</source>
        <translation>풀링</translation>
    </message>
    <message>
        <source>slope</source>
        <translation>기울기</translation>
    </message>
</context>
<context>
    <name>BottleneckPanel</name>
    <message>
        <source>1×1 to </source>
        <translation>1×1로 </translation>
    </message>
    <message>
        <source> channels</source>
        <translation>채널</translation>
    </message>
    <message>
        <source>Put a 1×1 convolution in front of this block (undoable)</source>
        <translation>이 블록 앞에 1×1 합성곱을 넣습니다 (실행 취소 가능)</translation>
    </message>
    <message>
        <source>Select a convolution larger than 1×1 to see what a 1×1 bottleneck in front of it would save.</source>
        <translation>1×1보다 큰 합성곱을 선택하면, 그 앞에 1×1 병목을 넣었을 때 얼마나 줄어드는지 보여 줍니다.</translation>
    </message>
    <message>
        <source>It saves {percent} of the network&apos;s computation.</source>
        <translation>네트워크 전체 연산이 {percent} 줄어듭니다.</translation>
    </message>
    <message>
        <source>With this many channels it would cost more than it saves.</source>
        <translation>채널이 이만큼이면 줄이는 것보다 드는 비용이 더 큽니다.</translation>
    </message>
    <message>
        <source>A 1×1 convolution first mixes the {inputs} input channels down to {reduced} at each pixel; the {size} kernel then works on {reduced} channels instead of {inputs}.</source>
        <translation>1×1 합성곱이 먼저 픽셀마다 입력 채널 {inputs}개를 섞어 {reduced}개로 줄입니다. 그러면 {size} 커널은 채널 {inputs}개 대신 {reduced}개만 다룹니다.</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MAC 연산</translation>
    </message>
    <message>
        <source>16 (lesson)</source>
        <translation>16 (수업 예시)</translation>
    </message>
    <message>
        <source>The lesson&apos;s example: GoogLeNet reduces 192 channels to 16 before a 5×5</source>
        <translation>수업의 예시: GoogLeNet은 5×5 앞에서 채널 192개를 16개로 줄입니다</translation>
    </message>
    <message>
        <source>¼ of the input</source>
        <translation>입력의 ¼</translation>
    </message>
    <message>
        <source>ReLU after the 1×1</source>
        <translation>1×1 뒤에 ReLU</translation>
    </message>
    <message>
        <source>GoogLeNet follows every 1×1 with a ReLU: one more non-linearity</source>
        <translation>GoogLeNet은 1×1마다 뒤에 ReLU를 둡니다: 비선형성이 하나 더 생깁니다</translation>
    </message>
    <message>
        <source>Inception block on {channels}×{height}×{width}</source>
        <translation>인셉션 블록, 입력 {channels}×{height}×{width}</translation>
    </message>
    <message>
        <source>Insert 1×1 + ReLU</source>
        <translation>1×1 + ReLU 넣기</translation>
    </message>
    <message>
        <source>Insert 1×1</source>
        <translation>1×1 넣기</translation>
    </message>
    <message>
        <source>now: {size}, {inputs} → {outputs}</source>
        <translation>지금: {size}, {inputs} → {outputs}</translation>
    </message>
    <message>
        <source>1×1, {inputs} → {reduced}</source>
        <translation>1×1, {inputs} → {reduced}</translation>
    </message>
    <message>
        <source>{size}, {reduced} → {outputs}</source>
        <translation>{size}, {reduced} → {outputs}</translation>
    </message>
    <message>
        <source>with the 1×1: total ({change} MACs)</source>
        <translation>1×1을 넣으면: 합계 (MAC 연산 {change})</translation>
    </message>
    <message>
        <source>this layer</source>
        <translation>이 층</translation>
    </message>
    <message>
        <source>The ReLU after the 1×1 adds one more non-linearity at no cost in parameters: the network can represent more complex patterns (the lesson&apos;s third point about 1×1 convolutions).</source>
        <translation>1×1 뒤의 ReLU는 파라미터를 늘리지 않고 비선형성을 하나 더합니다. 그만큼 네트워크가 더 복잡한 패턴을 나타낼 수 있습니다(수업에서 말한 1×1 합성곱의 세 번째 장점입니다).</translation>
    </message>
    <message>
        <source>branch</source>
        <translation>가지</translation>
    </message>
    <message>
        <source>as built: parameters</source>
        <translation>지금 구조: 파라미터</translation>
    </message>
    <message>
        <source>without the 1×1: MACs</source>
        <translation>1×1이 없으면: MAC 연산</translation>
    </message>
    <message>
        <source>with the paper&apos;s 5×5: {branch}</source>
        <translation>논문의 5×5라면: {branch}</translation>
    </message>
    <message>
        <source>The 1×1 reductions in front of the 3×3 and the larger kernel save {macs} MACs in this block.</source>
        <translation>3×3과 큰 커널 앞의 1×1 축소가 이 블록에서 MAC 연산을 {macs}만큼 줄입니다.</translation>
    </message>
</context>
<context>
    <name>Canvas</name>
    <message>
        <source>A block can&apos;t be connected to itself.</source>
        <translation>블록을 자기 자신에 연결할 수는 없습니다.</translation>
    </message>
    <message>
        <source>The Output block has no output to connect from.</source>
        <translation>Output 블록에는 연결을 시작할 출력이 없습니다.</translation>
    </message>
    <message>
        <source>{block} takes no input.</source>
        <translation>{block} 블록은 입력을 받지 않습니다.</translation>
    </message>
    <message>
        <source>That connection would make a cycle: data can&apos;t flow in a loop.</source>
        <translation>그렇게 연결하면 순환 경로가 생깁니다. 데이터가 같은 블록으로 되돌아오며 흐를 수는 없습니다.</translation>
    </message>
    <message>
        <source>Output: drag to an input to connect</source>
        <translation>출력: 입력 쪽으로 끌어 연결하세요</translation>
    </message>
    <message>
        <source>Input port {port}</source>
        <translation>입력 포트 {port}</translation>
    </message>
    <message>
        <source>{shape} · {count} params</source>
        <translation>{shape} · 파라미터 {count}</translation>
    </message>
    <message>
        <source>? · waiting for an input shape</source>
        <translation>? · 입력 모양을 기다리는 중</translation>
    </message>
    <message>
        <source>{count} blocks</source>
        <translation>블록 {count}개</translation>
    </message>
    <message>
        <source>{count} params</source>
        <translation>파라미터 {count}</translation>
    </message>
</context>
<context>
    <name>CanvasText</name>
    <message>
        <source>unknown block type {type}</source>
        <translation>알 수 없는 블록 종류 {type}</translation>
    </message>
    <message>
        <source>, stride {stride}</source>
        <translation>, 스트라이드 {stride}</translation>
    </message>
    <message>
        <source>{size} conv → {channels}</source>
        <translation>{size} 합성곱 → {channels}</translation>
    </message>
    <message>
        <source>shortcut: identity (1×1 conv + BN when the shape changes)</source>
        <translation>지름길 연결: 항등 (모양이 바뀌면 1×1 합성곱 + BN)</translation>
    </message>
    <message>
        <source>add, then ReLU</source>
        <translation>더한 다음 ReLU</translation>
    </message>
    <message>
        <source>{count} layers, each: {layers}</source>
        <translation>층 {count}개, 각 층: {layers}</translation>
    </message>
    <message>
        <source>each layer sees the concatenation of all earlier outputs</source>
        <translation>각 층은 앞선 모든 출력을 이어 붙인 것을 입력으로 받습니다</translation>
    </message>
    <message>
        <source>2×2 average pooling</source>
        <translation>2×2 평균 풀링</translation>
    </message>
    <message>
        <source>3×3 max pool</source>
        <translation>3×3 최대 풀링</translation>
    </message>
    <message>
        <source>concatenated on channels</source>
        <translation>채널 방향으로 이어 붙임</translation>
    </message>
    <message>
        <source>{type} · id “{id}”</source>
        <translation>{type} · id “{id}”</translation>
    </message>
    <message>
        <source>Output {shape} · {params} params · {macs} MACs</source>
        <translation>출력 {shape} · 파라미터 {params} · MAC 연산 {macs}</translation>
    </message>
    <message>
        <source>Inside:</source>
        <translation>구성:</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>문제</translation>
    </message>
    <message>
        <source>Waiting: its input shape is unknown until the problem before it is fixed.</source>
        <translation>대기 중: 앞쪽의 문제를 고칠 때까지 입력 모양을 알 수 없습니다.</translation>
    </message>
    <message>
        <source>Frozen: training leaves its weights as they are.</source>
        <translation>고정됨: 학습해도 가중치가 그대로 유지됩니다.</translation>
    </message>
</context>
<context>
    <name>CanvasView</name>
    <message>
        <source>Unknown block type {type}</source>
        <translation>알 수 없는 블록 종류 {type}</translation>
    </message>
</context>
<context>
    <name>CodePreview</name>
    <message>
        <source>The network can&apos;t be turned into code yet:</source>
        <translation>아직 네트워크를 코드로 바꿀 수 없습니다:</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>복사</translation>
    </message>
    <message>
        <source>Copy the code to the clipboard</source>
        <translation>코드를 클립보드에 복사합니다</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>다른 이름으로 저장…</translation>
    </message>
    <message>
        <source>Save the code as a Python file</source>
        <translation>코드를 파이썬 파일로 저장합니다</translation>
    </message>
    <message>
        <source>model.py · {count} lines</source>
        <translation>model.py · {count}줄</translation>
    </message>
    <message>
        <source>No code: {count} problem</source>
        <translation>코드 없음: 문제 {count}개</translation>
    </message>
    <message>
        <source>No code: {count} problems</source>
        <translation>코드 없음: 문제 {count}개</translation>
    </message>
    <message>
        <source>Copied the code to the clipboard.</source>
        <translation>코드를 클립보드에 복사했습니다.</translation>
    </message>
    <message>
        <source>Save Code As</source>
        <translation>코드를 다른 이름으로 저장</translation>
    </message>
    <message>
        <source>Python files (*.py);;All files (*)</source>
        <translation>파이썬 파일 (*.py);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Can&apos;t save the code</source>
        <translation>코드를 저장할 수 없습니다</translation>
    </message>
    <message>
        <source>Saved the code to {path}.</source>
        <translation>코드를 {path}에 저장했습니다.</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Add {block}</source>
        <translation>{block} 추가</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>연결</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>연결 끊기</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>다시 연결</translation>
    </message>
    <message>
        <source>Delete {block}</source>
        <translation>{block} 삭제</translation>
    </message>
    <message>
        <source>Delete {count} Blocks</source>
        <translation>블록 {count}개 삭제</translation>
    </message>
    <message>
        <source>Delete Connection</source>
        <translation>연결 삭제</translation>
    </message>
    <message>
        <source>Delete {count} Connections</source>
        <translation>연결 {count}개 삭제</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>매개변수</translation>
    </message>
    <message>
        <source>Set {block} {what}</source>
        <translation>{block} {what} 변경</translation>
    </message>
    <message>
        <source>Rename {block}</source>
        <translation>{block} 이름 바꾸기</translation>
    </message>
    <message>
        <source>Move {block}</source>
        <translation>{block} 이동</translation>
    </message>
    <message>
        <source>Move {count} Blocks</source>
        <translation>블록 {count}개 이동</translation>
    </message>
    <message>
        <source>Auto Layout</source>
        <translation>자동 배치</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>붙여넣기</translation>
    </message>
    <message>
        <source>Expand {block}</source>
        <translation>{block} 펼치기</translation>
    </message>
    <message>
        <source>Make Room</source>
        <translation>자리 만들기</translation>
    </message>
    <message>
        <source>Insert {block}</source>
        <translation>{block} 끼워 넣기</translation>
    </message>
    <message>
        <source>Change Training Settings</source>
        <translation>학습 설정 바꾸기</translation>
    </message>
    <message>
        <source>Flow Right</source>
        <translation>오른쪽으로 흐르게 하기</translation>
    </message>
    <message>
        <source>Flow Down</source>
        <translation>아래로 흐르게 하기</translation>
    </message>
    <message>
        <source>Unfreeze {block}</source>
        <translation>{block} 고정 해제</translation>
    </message>
    <message>
        <source>Unfreeze {count} Blocks</source>
        <translation>블록 {count}개 고정 해제</translation>
    </message>
    <message>
        <source>Freeze {block}</source>
        <translation>{block} 고정</translation>
    </message>
    <message>
        <source>Freeze {count} Blocks</source>
        <translation>블록 {count}개 고정</translation>
    </message>
    <message>
        <source>Replace Head for {count} Classes</source>
        <translation>클래스 {count}개용 헤드로 교체</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <source>predicted class →</source>
        <translation>예측한 클래스 →</translation>
    </message>
    <message>
        <source>← true class</source>
        <translation>← 실제 클래스</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>정확도</translation>
    </message>
    <message>
        <source> ({percent} % of the {total})</source>
        <translation> ({total}개 중 {percent} %)</translation>
    </message>
    <message>
        <source>{label}: {count} right</source>
        <translation>{label}: {count}개 맞힘</translation>
    </message>
    <message>
        <source>true {label}, predicted {predicted}: {count} sample</source>
        <translation>실제 {label}, 예측 {predicted}: 샘플 {count}개</translation>
    </message>
    <message>
        <source>true {label}, predicted {predicted}: {count} samples</source>
        <translation>실제 {label}, 예측 {predicted}: 샘플 {count}개</translation>
    </message>
</context>
<context>
    <name>ContextMenus</name>
    <message>
        <source>&amp;Insert Block After…</source>
        <translation>뒤에 블록 끼워 넣기(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Insert Block Here…</source>
        <translation>여기에 블록 끼워 넣기(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Add Block Here…</source>
        <translation>여기에 블록 추가(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Paste Here</source>
        <translation>여기에 붙여넣기(&amp;P)</translation>
    </message>
    <message>
        <source>Dis&amp;connect</source>
        <translation>연결 끊기(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Delete Connection</source>
        <translation>연결 삭제(&amp;D)</translation>
    </message>
    <message>
        <source>Select &amp;Source Block</source>
        <translation>보내는 블록 선택(&amp;S)</translation>
    </message>
    <message>
        <source>Select &amp;Target Block</source>
        <translation>받는 블록 선택(&amp;T)</translation>
    </message>
    <message>
        <source>Show &amp;Feature Maps</source>
        <translation>특성 맵 보기(&amp;F)</translation>
    </message>
    <message>
        <source>E&amp;xplain This Convolution</source>
        <translation>이 합성곱 설명 보기(&amp;X)</translation>
    </message>
    <message>
        <source>Add 1×1 &amp;Bottleneck…</source>
        <translation>1×1 병목 추가(&amp;B)…</translation>
    </message>
    <message>
        <source>Copy as PyTorch C&amp;ode</source>
        <translation>PyTorch 코드로 복사(&amp;O)</translation>
    </message>
    <message>
        <source>Copied the PyTorch code of the block.</source>
        <translation>블록의 PyTorch 코드를 복사했습니다.</translation>
    </message>
</context>
<context>
    <name>CostTable</name>
    <message>
        <source>{size} convolution, {inputs} → {outputs} channels on {height}×{width}</source>
        <translation>{size} 합성곱, 채널 {inputs} → {outputs}, 맵 {height}×{width}</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MAC 연산</translation>
    </message>
    <message>
        <source>network now</source>
        <translation>지금 네트워크</translation>
    </message>
    <message>
        <source>after</source>
        <translation>바꾼 뒤</translation>
    </message>
    <message>
        <source>change</source>
        <translation>변화</translation>
    </message>
</context>
<context>
    <name>DataPreview</name>
    <message>
        <source>Pick a dataset in the Training panel to see its samples.</source>
        <translation>학습 패널에서 데이터셋을 고르면 샘플을 보여 줍니다.</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>{name} · {classes} classes · {train} train / {validation} validation</source>
        <translation>{name} · 클래스 {classes}개 · 학습 {train} / 검증 {validation}</translation>
    </message>
    <message>
        <source>images {size} × {count} channels</source>
        <translation>이미지 {size} × 채널 {count}개</translation>
    </message>
    <message>
        <source>images {size} × {count} channel</source>
        <translation>이미지 {size} × 채널 {count}개</translation>
    </message>
    <message>
        <source>→ each sample becomes a {shape} tensor (C×H×W)</source>
        <translation>→ 각 샘플은 {shape} 텐서(C×H×W)가 됩니다</translation>
    </message>
</context>
<context>
    <name>Docks</name>
    <message>
        <source>Blocks</source>
        <translation>블록</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>속성</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Feature Maps</source>
        <translation>특성 맵</translation>
    </message>
    <message>
        <source>Explain Convolution</source>
        <translation>합성곱 설명</translation>
    </message>
    <message>
        <source>Kernels</source>
        <translation>커널</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>Image as Numbers</source>
        <translation>숫자로 본 이미지</translation>
    </message>
    <message>
        <source>Stacked Kernels</source>
        <translation>작은 커널 쌓기</translation>
    </message>
    <message>
        <source>Receptive Field</source>
        <translation>수용 영역</translation>
    </message>
    <message>
        <source>Try It</source>
        <translation>직접 해 보기</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>요약</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>코드</translation>
    </message>
    <message>
        <source>Training Curves</source>
        <translation>학습 곡선</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>실행 기록</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>불러오는 중…</translation>
    </message>
</context>
<context>
    <name>Document</name>
    <message>
        <source>Untitled</source>
        <translation>제목 없음</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <source>That connection would make a loop.</source>
        <translation>그렇게 연결하면 순환 경로가 생깁니다.</translation>
    </message>
    <message>
        <source>Select one composite block to expand.</source>
        <translation>펼칠 복합 블록을 하나 선택하세요.</translation>
    </message>
    <message>
        <source>Can&apos;t expand {block}: {reason}.</source>
        <translation>{block} 블록을 펼칠 수 없습니다: {reason}.</translation>
    </message>
    <message>
        <source>Expanded {block} into {count} blocks.</source>
        <translation>{block} 블록을 블록 {count}개로 펼쳤습니다.</translation>
    </message>
    <message>
        <source>Copied {count} blocks.</source>
        <translation>블록 {count}개를 복사했습니다.</translation>
    </message>
    <message>
        <source>Copied {count} block.</source>
        <translation>블록 {count}개를 복사했습니다.</translation>
    </message>
    <message>
        <source>Cut {count} Blocks</source>
        <translation>블록 {count}개 잘라내기</translation>
    </message>
    <message>
        <source>Cut {count} Block</source>
        <translation>블록 {count}개 잘라내기</translation>
    </message>
    <message>
        <source>Nothing to paste: copy some blocks first.</source>
        <translation>붙여 넣을 것이 없습니다. 먼저 블록을 복사하세요.</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>붙여넣기</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>복제</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>연결 끊기</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Something went wrong: {summary}

Convas carries on; the details were written to {log}.</source>
        <translation>문제가 생겼습니다: {summary}

Convas는 계속 동작합니다. 자세한 내용은 {log}에 기록했습니다.</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>예상하지 못한 오류</translation>
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <source>Evaluate</source>
        <translation>평가</translation>
    </message>
    <message>
        <source>Run the trained network over the validation set</source>
        <translation>학습한 네트워크를 검증 세트 전체에 돌려 봅니다</translation>
    </message>
    <message>
        <source>Train the network, then evaluate it on the validation set.</source>
        <translation>네트워크를 학습시킨 다음 검증 세트로 평가하세요.</translation>
    </message>
    <message>
        <source>Validation accuracy {accuracy} %</source>
        <translation>검증 정확도 {accuracy} %</translation>
    </message>
    <message>
        <source>({right} of {total} right)</source>
        <translation>({total}개 중 {right}개 맞힘)</translation>
    </message>
    <message>
        <source>most often confused: {label} taken for {predicted} ({count}×)</source>
        <translation>가장 자주 헷갈린 경우: {label을} {predicted으로} 예측 ({count}번)</translation>
    </message>
    <message>
        <source>{count} sample of {label} predicted as {predicted}</source>
        <translation>{predicted으로} 잘못 예측한 {label} 샘플 {count}개</translation>
    </message>
    <message>
        <source>{count} samples of {label} predicted as {predicted}</source>
        <translation>{predicted으로} 잘못 예측한 {label} 샘플 {count}개</translation>
    </message>
    <message>
        <source>{count} misclassified samples, most confident first</source>
        <translation>잘못 분류한 샘플 {count}개, 확신이 큰 순서</translation>
    </message>
    <message>
        <source> (first {count})</source>
        <translation> (처음 {count}개)</translation>
    </message>
    <message>
        <source> — click one to see it in Feature maps</source>
        <translation> — 하나를 누르면 특성 맵에서 볼 수 있습니다</translation>
    </message>
    <message>
        <source>{percent} % sure</source>
        <translation>확신도 {percent} %</translation>
    </message>
</context>
<context>
    <name>ExplainCanvas</name>
    <message>
        <source>input {size}</source>
        <translation>입력 {size}</translation>
    </message>
    <message>
        <source> + padding {size}</source>
        <translation> + 패딩 {size}</translation>
    </message>
    <message>
        <source>max</source>
        <translation>최댓값</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>평균</translation>
    </message>
    <message>
        <source>window {size}</source>
        <translation>윈도우 {size}</translation>
    </message>
    <message>
        <source>kernel {size}</source>
        <translation>커널 {size}</translation>
    </message>
    <message>
        <source> flipped ↻180°</source>
        <translation> 뒤집음 ↻180°</translation>
    </message>
    <message>
        <source> · dilation {dilation}</source>
        <translation> · 팽창 {dilation}</translation>
    </message>
    <message>
        <source>output {size}</source>
        <translation>출력 {size}</translation>
    </message>
    <message>
        <source>W input, K kernel, P padding, S stride, D dilation</source>
        <translation>W 입력, K 커널, P 패딩, S 스트라이드, D 팽창</translation>
    </message>
    <message>
        <source>W input, K kernel, P padding, S stride</source>
        <translation>W 입력, K 커널, P 패딩, S 스트라이드</translation>
    </message>
    <message>
        <source>output size = {formula}  ({legend})</source>
        <translation>출력 크기 = {formula}  ({legend})</translation>
    </message>
</context>
<context>
    <name>ExplainerView</name>
    <message>
        <source>Sliding window</source>
        <translation>슬라이딩 윈도우</translation>
    </message>
    <message>
        <source>Real kernel</source>
        <translation>실제 커널</translation>
    </message>
    <message>
        <source>1×1 bottleneck</source>
        <translation>1×1 병목</translation>
    </message>
    <message>
        <source>Example: 3×3 convolution</source>
        <translation>예시: 3×3 합성곱</translation>
    </message>
    <message>
        <source>stride 1 · padding 1 — select a Convolution or Pooling block to see its own.</source>
        <translation>스트라이드 1 · 패딩 1 — 합성곱이나 풀링 블록을 선택하면 그 블록의 계산을 보여 줍니다.</translation>
    </message>
    <message>
        <source>Depthwise separable</source>
        <translation>깊이별 분리 합성곱</translation>
    </message>
</context>
<context>
    <name>ExportActions</name>
    <message>
        <source>PyTorch weights (*.pt)</source>
        <translation>PyTorch 가중치 (*.pt)</translation>
    </message>
    <message>
        <source>safetensors (*.safetensors)</source>
        <translation>safetensors 파일 (*.safetensors)</translation>
    </message>
    <message>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 모델 (*.onnx)</translation>
    </message>
    <message>
        <source>torch.export programs (*.pt2)</source>
        <translation>torch.export 프로그램 (*.pt2)</translation>
    </message>
    <message>
        <source>PyTorch models (*.py *.pt2);;Python files (*.py);;torch.export programs (*.pt2)</source>
        <translation>PyTorch 모델 (*.py *.pt2);;파이썬 파일 (*.py);;torch.export 프로그램 (*.pt2)</translation>
    </message>
    <message>
        <source>{call}   (function, line {line})</source>
        <translation>{call}   (함수, {line}번째 줄)</translation>
    </message>
    <message>
        <source>{call}   (class, line {line})</source>
        <translation>{call}   (클래스, {line}번째 줄)</translation>
    </message>
    <message>
        <source>{file}: line {line}: {error}</source>
        <translation>{file}: {line}번째 줄: {error}</translation>
    </message>
    <message>
        <source>{path}: can&apos;t be read ({reason})</source>
        <translation>{path}: 읽을 수 없습니다 ({reason})</translation>
    </message>
    <message>
        <source>This will run the code in {path} on your machine. Only continue if you trust it.</source>
        <translation>{path}의 코드를 이 컴퓨터에서 실행합니다. 믿을 수 있는 파일일 때만 계속하세요.</translation>
    </message>
    <message>
        <source>Run this file&apos;s code?</source>
        <translation>이 파일의 코드를 실행할까요?</translation>
    </message>
    <message>
        <source>Run It and Import</source>
        <translation>실행하고 가져오기</translation>
    </message>
    <message>
        <source>Which weights?</source>
        <translation>어떤 가중치를 쓸까요?</translation>
    </message>
    <message>
        <source>Fresh weights (seed 0)</source>
        <translation>새 가중치 (시드 0)</translation>
    </message>
    <message>
        <source>Imported with gaps</source>
        <translation>일부만 가져옴</translation>
    </message>
    <message>
        <source>Imported: notes</source>
        <translation>가져오기: 참고 사항</translation>
    </message>
    <message>
        <source>{count} operation(s) have no Convas block:</source>
        <translation>Convas 블록이 없는 연산 {count}개:</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>연산</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>이유</translation>
    </message>
    <message>
        <source>… and {count} more (see the Summary)</source>
        <translation>… 외 {count}개 (요약 참고)</translation>
    </message>
    <message>
        <source>the file</source>
        <translation>파일</translation>
    </message>
    <message>
        <source>&amp;PyTorch Code…</source>
        <translation>PyTorch 코드(&amp;P)…</translation>
    </message>
    <message>
        <source>model.py, weights, train.py, README</source>
        <translation>model.py, 가중치, train.py, README</translation>
    </message>
    <message>
        <source>&amp;Weights…</source>
        <translation>가중치(&amp;W)…</translation>
    </message>
    <message>
        <source>A .pt or .safetensors file</source>
        <translation>.pt 또는 .safetensors 파일</translation>
    </message>
    <message>
        <source>&amp;ONNX…</source>
        <translation>ONNX(&amp;O)…</translation>
    </message>
    <message>
        <source>An ONNX model</source>
        <translation>ONNX 모델</translation>
    </message>
    <message>
        <source>&amp;torch.export Program…</source>
        <translation>torch.export 프로그램(&amp;T)…</translation>
    </message>
    <message>
        <source>A .pt2 program</source>
        <translation>.pt2 프로그램</translation>
    </message>
    <message>
        <source>&amp;Import PyTorch Model…</source>
        <translation>PyTorch 모델 가져오기(&amp;I)…</translation>
    </message>
    <message>
        <source>Open a PyTorch model as a network</source>
        <translation>PyTorch 모델을 네트워크로 엽니다</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>내보내기(&amp;E)</translation>
    </message>
    <message>
        <source>Import incomplete</source>
        <translation>가져오기가 완전하지 않습니다</translation>
    </message>
    <message>
        <source>Not everything in the model could be imported.</source>
        <translation>모델의 일부를 가져오지 못했습니다.</translation>
    </message>
    <message>
        <source>Open What Was Imported</source>
        <translation>가져온 부분 열기</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>Please wait</source>
        <translation>잠시 기다려 주세요</translation>
    </message>
    <message>
        <source>The network can&apos;t be exported yet</source>
        <translation>아직 네트워크를 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>Use the imported weights</source>
        <translation>가져온 가중치 사용</translation>
    </message>
    <message>
        <source>Use weights from the last run</source>
        <translation>마지막 학습의 가중치 사용</translation>
    </message>
    <message>
        <source>Export the weights the network was imported with, or fresh weights (seed 0)?</source>
        <translation>네트워크를 가져올 때 함께 온 가중치를 내보낼까요, 새 가중치(시드 0)를 내보낼까요?</translation>
    </message>
    <message>
        <source>Export the weights of the last training run, or fresh weights (seed 0)?</source>
        <translation>마지막 학습의 가중치를 내보낼까요, 새 가중치(시드 0)를 내보낼까요?</translation>
    </message>
    <message>
        <source>The network has changed since: those weights fit only if its layers didn&apos;t.</source>
        <translation>그 뒤로 네트워크가 바뀌었습니다. 층이 바뀌지 않았을 때만 그 가중치가 맞습니다.</translation>
    </message>
    <message>
        <source>Export PyTorch Code into Folder</source>
        <translation>PyTorch 코드를 폴더로 내보내기</translation>
    </message>
    <message>
        <source>Exporting PyTorch code to {folder}…</source>
        <translation>PyTorch 코드를 내보내는 중: {folder}…</translation>
    </message>
    <message>
        <source>Wrote {files}</source>
        <translation>{files} 파일을 저장했습니다</translation>
    </message>
    <message>
        <source>Can&apos;t export the PyTorch code</source>
        <translation>PyTorch 코드를 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>Replace files?</source>
        <translation>파일을 바꿀까요?</translation>
    </message>
    <message>
        <source>{folder} already has {files}. Replace them? Other files in the folder are kept.</source>
        <translation>{folder} 폴더에 이미 있는 파일: {files}. 바꿀까요? 폴더의 다른 파일은 그대로 둡니다.</translation>
    </message>
    <message>
        <source>Export Weights</source>
        <translation>가중치 내보내기</translation>
    </message>
    <message>
        <source>Can&apos;t export the weights</source>
        <translation>가중치를 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>Can&apos;t export ONNX</source>
        <translation>ONNX로 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>ONNX export needs the onnx package.</source>
        <translation>ONNX로 내보내려면 onnx 패키지가 필요합니다.</translation>
    </message>
    <message>
        <source>Export ONNX</source>
        <translation>ONNX 내보내기</translation>
    </message>
    <message>
        <source>Can&apos;t export the ONNX model</source>
        <translation>ONNX 모델을 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>Export torch.export Program</source>
        <translation>torch.export 프로그램 내보내기</translation>
    </message>
    <message>
        <source>Can&apos;t export the program</source>
        <translation>프로그램을 내보낼 수 없습니다</translation>
    </message>
    <message>
        <source>{title}: writing {file}…</source>
        <translation>{title}: {file} 쓰는 중…</translation>
    </message>
    <message>
        <source>{what} to {folder}.</source>
        <translation>{what}: {folder}.</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>내보내기 완료</translation>
    </message>
    <message>
        <source>Show Folder</source>
        <translation>폴더 보기</translation>
    </message>
    <message>
        <source>Import PyTorch Model</source>
        <translation>PyTorch 모델 가져오기</translation>
    </message>
    <message>
        <source>Can&apos;t import the model</source>
        <translation>모델을 가져올 수 없습니다</translation>
    </message>
    <message>
        <source>{path}: not a .py or .pt2 file</source>
        <translation>{path}: .py나 .pt2 파일이 아닙니다</translation>
    </message>
    <message>
        <source>Importing {file}…</source>
        <translation>{file} 가져오는 중…</translation>
    </message>
    <message>
        <source>{file} defines no nn.Module class or factory function that can be built without arguments.</source>
        <translation>{file}에는 인자 없이 만들 수 있는 nn.Module 클래스나 팩토리 함수가 없습니다.</translation>
    </message>
    <message>
        <source>Imported {name} ({blocks} blocks, weights kept for export){match}.</source>
        <translation>가져왔습니다: {name} (블록 {blocks}개, 가중치는 내보내기용으로 보관){match}.</translation>
    </message>
    <message>
        <source>Imported {name} ({blocks} blocks, weights loaded){match}.</source>
        <translation>가져왔습니다: {name} (블록 {blocks}개, 가중치 불러옴){match}.</translation>
    </message>
    <message>
        <source>; outputs match within {difference}</source>
        <translation>; 출력 차이 {difference} 이내로 일치</translation>
    </message>
</context>
<context>
    <name>ExportImage</name>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 이미지 (*.png)</translation>
    </message>
    <message>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 그림 (*.svg)</translation>
    </message>
    <message>
        <source>Save as Image</source>
        <translation>이미지로 저장</translation>
    </message>
    <message>
        <source>Save as &amp;PNG…</source>
        <translation>PNG로 저장(&amp;P)…</translation>
    </message>
    <message>
        <source>Save as &amp;SVG…</source>
        <translation>SVG로 저장(&amp;S)…</translation>
    </message>
</context>
<context>
    <name>FeatureMapView</name>
    <message>
        <source>sample </source>
        <translation>샘플 </translation>
    </message>
    <message>
        <source>Which validation sample goes through the network</source>
        <translation>네트워크에 통과시킬 검증 샘플</translation>
    </message>
    <message>
        <source>Select a block on the canvas to see what it computes.</source>
        <translation>캔버스에서 블록을 선택하면 그 블록이 계산하는 것을 보여 줍니다.</translation>
    </message>
    <message>
        <source>{shape} · each map scaled to its own range</source>
        <translation>{shape} · 맵마다 자기 범위에 맞춰 표시</translation>
    </message>
    <message>
        <source> · first {shown} of {count} channels</source>
        <translation> · 채널 {count}개 중 처음 {shown}개</translation>
    </message>
    <message>
        <source>{shape} values</source>
        <translation>값 {shape}</translation>
    </message>
    <message>
        <source>Can&apos;t draw an activation of shape {shape}.</source>
        <translation>모양이 {shape}인 활성값은 그릴 수 없습니다.</translation>
    </message>
</context>
<context>
    <name>FieldCanvas</name>
    <message>
        <source>output {height}×{width}</source>
        <translation>출력 {height}×{width}</translation>
    </message>
</context>
<context>
    <name>FileController</name>
    <message>
        <source>Convas projects (*.convas);;JSON files (*.json);;All files (*)</source>
        <translation>Convas 프로젝트 (*.convas);;JSON 파일 (*.json);;모든 파일 (*)</translation>
    </message>
    <message>
        <source>Save changes?</source>
        <translation>변경 내용을 저장할까요?</translation>
    </message>
    <message>
        <source>Save the changes to “{name}” before closing it?</source>
        <translation>닫기 전에 “{name}”의 변경 내용을 저장할까요?</translation>
    </message>
    <message>
        <source>Open Network</source>
        <translation>네트워크 열기</translation>
    </message>
    <message>
        <source>Can&apos;t open the file</source>
        <translation>파일을 열 수 없습니다</translation>
    </message>
    <message>
        <source>Can&apos;t open the preset</source>
        <translation>프리셋을 열 수 없습니다</translation>
    </message>
    <message>
        <source>Save Network As</source>
        <translation>네트워크를 다른 이름으로 저장</translation>
    </message>
    <message>
        <source>Can&apos;t save the file</source>
        <translation>파일을 저장할 수 없습니다</translation>
    </message>
</context>
<context>
    <name>FineTuning</name>
    <message>
        <source>&amp;Freeze Weights</source>
        <translation>가중치 고정(&amp;F)</translation>
    </message>
    <message>
        <source>Keep the selected blocks&apos; weights as they are when training</source>
        <translation>학습하는 동안 선택한 블록의 가중치를 그대로 둡니다</translation>
    </message>
    <message>
        <source>Replace &amp;Head for N Classes…</source>
        <translation>클래스 N개용 헤드로 교체(&amp;H)…</translation>
    </message>
    <message>
        <source>A fresh last Linear with one output per class of the new data</source>
        <translation>새 데이터의 클래스마다 출력이 하나인 새 마지막 Linear 블록입니다</translation>
    </message>
    <message>
        <source>Un&amp;freeze Weights</source>
        <translation>가중치 고정 해제(&amp;F)</translation>
    </message>
    <message>
        <source>The network has no Linear block before its Output to replace.</source>
        <translation>네트워크의 Output 앞에 교체할 Linear 블록이 없습니다.</translation>
    </message>
    <message>
        <source>“{block}” is now a fresh Linear of {count} outputs.</source>
        <translation>“{block}” 블록이 이제 출력 {count}개의 새 Linear 블록입니다.</translation>
    </message>
    <message>
        <source>Replace Head</source>
        <translation>헤드 교체</translation>
    </message>
    <message>
        <source>A fresh Linear replaces “{block}”, with one output per class.
Classes:</source>
        <translation>클래스마다 출력이 하나인 새 Linear 블록이 “{block}” 블록을 대신합니다.
클래스 수:</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>⌊(in + 2·padding − dilation·(kernel−1) − 1) / stride⌋ + 1</source>
        <translation>⌊(입력 + 2·패딩 − 팽창·(커널−1) − 1) / 스트라이드⌋ + 1</translation>
    </message>
    <message>
        <source>needs a value</source>
        <translation>값이 필요합니다</translation>
    </message>
    <message>
        <source>&quot;same&quot; is only for padding</source>
        <translation>&quot;same&quot;은 패딩에만 쓸 수 있습니다</translation>
    </message>
    <message>
        <source>expected one integer or two (height, width), e.g. 3 or 3, 5</source>
        <translation>정수 하나 또는 두 개(높이, 너비)를 넣으세요. 예: 3 또는 3, 5</translation>
    </message>
    <message>
        <source>“{token}” is not an integer</source>
        <translation>“{token}”: 정수가 아닙니다</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>자동</translation>
    </message>
    <message>
        <source>: the kernel is larger than the padded input</source>
        <translation>: 커널이 패딩한 입력보다 큽니다</translation>
    </message>
    <message>
        <source>(the last window would start in the padding)</source>
        <translation>(마지막 윈도우는 패딩에서 시작하게 됩니다)</translation>
    </message>
</context>
<context>
    <name>GraphicsScene</name>
    <message>
        <source>Export...</source>
        <translation>내보내기...</translation>
    </message>
</context>
<context>
    <name>HeadNotice</name>
    <message>
        <source>{dataset} has {classes} classes but the network ends in {outputs} outputs.</source>
        <translation>{dataset} 데이터셋의 클래스는 {classes}개인데 네트워크의 출력은 {outputs}개입니다.</translation>
    </message>
    <message>
        <source>End it with a Linear of {classes} outputs.</source>
        <translation>출력이 {classes}개인 Linear 블록으로 끝내세요.</translation>
    </message>
    <message>
        <source>Replace Head for {count} Classes</source>
        <translation>클래스 {count}개용 헤드로 교체</translation>
    </message>
    <message>
        <source>A fresh last Linear with one output per class; one edit you can undo</source>
        <translation>클래스마다 출력이 하나인 새 마지막 Linear 블록입니다. 되돌릴 수 있는 편집 한 번입니다</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Tab</source>
        <translation>Tab 키</translation>
    </message>
    <message>
        <source>Search for a block to add</source>
        <translation>추가할 블록 검색</translation>
    </message>
    <message>
        <source>Arrow keys</source>
        <translation>화살표 키</translation>
    </message>
    <message>
        <source>Move the selected blocks (with Shift: further)</source>
        <translation>선택한 블록 옮기기 (Shift와 함께: 더 멀리)</translation>
    </message>
    <message>
        <source>Backspace</source>
        <translation>Backspace 키</translation>
    </message>
    <message>
        <source>Delete the selected blocks and connections</source>
        <translation>선택한 블록과 연결 삭제</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc 키</translation>
    </message>
    <message>
        <source>Cancel a connection being drawn; leave a block&apos;s inside</source>
        <translation>그리던 연결 취소, 블록 안 보기에서 나가기</translation>
    </message>
    <message>
        <source>Home</source>
        <translation>Home 키</translation>
    </message>
    <message>
        <source>Fit the network in the window</source>
        <translation>네트워크를 창에 맞추기</translation>
    </message>
    <message>
        <source>Space + drag, middle drag</source>
        <translation>Space 키 + 끌기, 가운데 버튼 끌기</translation>
    </message>
    <message>
        <source>Pan the canvas</source>
        <translation>캔버스 이동</translation>
    </message>
    <message>
        <source>Wheel</source>
        <translation>휠</translation>
    </message>
    <message>
        <source>Zoom at the pointer</source>
        <translation>포인터 위치에서 확대·축소</translation>
    </message>
    <message>
        <source>Double-click a block</source>
        <translation>블록 두 번 누르기</translation>
    </message>
    <message>
        <source>Look inside a composite block</source>
        <translation>복합 블록 내부 들여다보기</translation>
    </message>
    <message>
        <source>Double-click the canvas</source>
        <translation>캔버스 두 번 누르기</translation>
    </message>
    <message>
        <source>Search for a block to add there</source>
        <translation>그 자리에 추가할 블록 검색</translation>
    </message>
    <message>
        <source>Drop a block on a connection</source>
        <translation>연결 위에 블록 놓기</translation>
    </message>
    <message>
        <source>Insert it into the connection</source>
        <translation>그 연결 사이에 끼워 넣기</translation>
    </message>
    <message>
        <source>Right-click</source>
        <translation>오른쪽 버튼 누르기</translation>
    </message>
    <message>
        <source>Everything that applies to a block, connection or port</source>
        <translation>블록, 연결, 포트에 할 수 있는 모든 일</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>{app} 정보</translation>
    </message>
    <message>
        <source>version {version}</source>
        <translation>버전 {version}</translation>
    </message>
    <message>
        <source>Build convolutional networks by drawing them: every block shows its output shape, parameters and multiply-accumulates as you edit. Compile to PyTorch, train, and export.</source>
        <translation>합성곱 신경망을 그려서 만드세요. 편집하는 동안 블록마다 출력 모양, 파라미터 수, 곱셈-누산 연산량을 보여 줍니다. PyTorch로 컴파일하고, 학습시키고, 내보낼 수 있습니다.</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>명령</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>키</translation>
    </message>
    <message>
        <source>Canvas</source>
        <translation>캔버스</translation>
    </message>
</context>
<context>
    <name>HintOverlay</name>
    <message>
        <source>Hide this hint</source>
        <translation>이 도움말 숨기기</translation>
    </message>
    <message>
        <source>Drag a block from &lt;a href=&apos;palette&apos;&gt;Blocks&lt;/a&gt; onto the arrow to insert it</source>
        <translation>&lt;a href=&apos;palette&apos;&gt;블록&lt;/a&gt; 패널에서 블록을 끌어 화살표 위에 놓으면 끼워 넣어집니다</translation>
    </message>
    <message>
        <source>Press &lt;a href=&apos;search&apos;&gt;Tab&lt;/a&gt; to search for a block by name</source>
        <translation>&lt;a href=&apos;search&apos;&gt;Tab&lt;/a&gt; 키를 누르면 이름으로 블록을 찾을 수 있습니다</translation>
    </message>
    <message>
        <source>Or start from a &lt;a href=&apos;preset&apos;&gt;preset&lt;/a&gt;: LeNet, ResNet, DenseNet…</source>
        <translation>또는 &lt;a href=&apos;preset&apos;&gt;프리셋&lt;/a&gt;에서 시작하세요: LeNet, ResNet, DenseNet…</translation>
    </message>
    <message>
        <source>Build your network</source>
        <translation>네트워크를 만들어 보세요</translation>
    </message>
</context>
<context>
    <name>ImportOptionsDialog</name>
    <message>
        <source>Import PyTorch Model</source>
        <translation>PyTorch 모델 가져오기</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>채널</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>높이</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>너비</translation>
    </message>
    <message>
        <source>Continue…</source>
        <translation>계속…</translation>
    </message>
    <message>
        <source>The network to import from &lt;b&gt;{file}&lt;/b&gt;:</source>
        <translation>&lt;b&gt;{file}&lt;/b&gt;에서 가져올 네트워크:</translation>
    </message>
    <message>
        <source>Input of one sample (channels × height × width):</source>
        <translation>샘플 하나의 입력 (채널 × 높이 × 너비):</translation>
    </message>
    <message>
        <source>Nothing in the file runs before you confirm in the next step.</source>
        <translation>다음 단계에서 확인하기 전에는 파일의 어떤 코드도 실행되지 않습니다.</translation>
    </message>
</context>
<context>
    <name>InnerView</name>
    <message>
        <source>◀ Back</source>
        <translation>◀ 돌아가기</translation>
    </message>
    <message>
        <source>Back to the whole network (Esc)</source>
        <translation>전체 네트워크로 돌아가기 (Esc)</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>읽기 전용</translation>
    </message>
    <message>
        <source>Expand into Primitives</source>
        <translation>기본 블록으로 펼치기</translation>
    </message>
    <message>
        <source>Replace the block by these layers in the network (an edit you can undo)</source>
        <translation>네트워크에서 이 블록을 이 층들로 바꿉니다 (되돌릴 수 있는 편집)</translation>
    </message>
</context>
<context>
    <name>InsightController</name>
    <message>
        <source>each output unit sees {height}×{width} input pixels (receptive field), {stride} apart</source>
        <translation>출력 한 칸은 입력 픽셀 {height}×{width}개를 봅니다(수용 영역). 이웃 칸과는 {stride}픽셀 떨어져 있습니다</translation>
    </message>
    <message>
        <source>Expand {block} into primitives to see the filters of its layers.</source>
        <translation>{block} 블록 안 층들의 필터를 보려면 이 블록을 기본 블록으로 펼치세요.</translation>
    </message>
    <message>
        <source>Select a convolution block to see its filters.</source>
        <translation>합성곱 블록을 선택하면 그 필터를 보여 줍니다.</translation>
    </message>
    <message>
        <source>Train the network (F5) to see the filters it learns.</source>
        <translation>네트워크를 학습시키면(F5) 배운 필터를 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Connect the block to see its filters.</source>
        <translation>블록을 연결하면 필터를 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>untrained: random initial weights (train with F5 to see what they learn)</source>
        <translation>학습 전: 무작위 초기 가중치 (F5로 학습시키면 무엇을 배우는지 볼 수 있습니다)</translation>
    </message>
    <message>
        <source>Select a convolution block to apply its learned kernel to a real image.</source>
        <translation>합성곱 블록을 선택하면 학습한 커널을 실제 이미지에 적용해 봅니다.</translation>
    </message>
    <message>
        <source>Train the network (F5) to apply this block&apos;s learned kernel to a real image.</source>
        <translation>네트워크를 학습시키면(F5) 이 블록이 배운 커널을 실제 이미지에 적용해 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Can&apos;t apply this block&apos;s kernel: {error}</source>
        <translation>이 블록의 커널을 적용할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>image channel 0</source>
        <translation>이미지 채널 0</translation>
    </message>
    <message>
        <source>{block}: a learned kernel slid over the sample image, as in the animation.</source>
        <translation>{block}: 학습한 커널 하나를 애니메이션처럼 샘플 이미지 위로 밀어 계산했습니다.</translation>
    </message>
    <message>
        <source>{block}: channel 0 of {count}</source>
        <translation>{block}: 채널 {count}개 중 채널 0</translation>
    </message>
    <message>
        <source>{block}: a learned kernel slid over the output of {source}, as in the animation.</source>
        <translation>{block}: 학습한 커널 하나를 애니메이션처럼 {source}의 출력 위로 밀어 계산했습니다.</translation>
    </message>
    <message>
        <source>sample {index} ({label})</source>
        <translation>샘플 {index} ({label})</translation>
    </message>
    <message>
        <source>filter {channel}, in-channel 0
{height}×{width} kernel</source>
        <translation>필터 {channel}, 입력 채널 0
{height}×{width} 커널</translation>
    </message>
    <message>
        <source>result {height}×{width}
one channel, no bias</source>
        <translation>결과 {height}×{width}
채널 하나, 편향 없음</translation>
    </message>
    <message>
        <source>Training… the evaluation follows when it ends.</source>
        <translation>학습 중… 학습이 끝나면 평가합니다.</translation>
    </message>
    <message>
        <source>Evaluate the trained network on the validation set.</source>
        <translation>학습한 네트워크를 검증 세트로 평가하세요.</translation>
    </message>
    <message>
        <source>Train the network, then evaluate it on the validation set.</source>
        <translation>네트워크를 학습시킨 다음 검증 세트로 평가하세요.</translation>
    </message>
    <message>
        <source>Evaluation failed: {error}</source>
        <translation>평가에 실패했습니다: {error}</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>Select a block on the canvas to see and edit its settings.</source>
        <translation>캔버스에서 블록을 선택하면 설정을 보고 고칠 수 있습니다.</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>레이블</translation>
    </message>
    <message>
        <source>A name shown on the canvas; the id stays the same.</source>
        <translation>캔버스에 보이는 이름입니다. id는 그대로 유지됩니다.</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>Hide help</source>
        <translation>도움말 숨기기</translation>
    </message>
    <message>
        <source>Show or hide the explanation under each parameter</source>
        <translation>각 매개변수 아래의 설명을 보이거나 숨깁니다</translation>
    </message>
    <message>
        <source>This block has no parameters.</source>
        <translation>이 블록에는 매개변수가 없습니다.</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Shape</source>
        <translation>모양</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MAC 연산</translation>
    </message>
    <message>
        <source>Receptive field</source>
        <translation>수용 영역</translation>
    </message>
    <message>
        <source>How many input pixels one output unit sees (height×width), and how far apart in the input two neighbouring units&apos; fields are (stride)</source>
        <translation>출력 한 칸이 보는 입력 픽셀의 크기(높이×너비)와, 이웃한 두 칸의 수용 영역이 입력에서 떨어진 거리(스트라이드)입니다</translation>
    </message>
    <message>
        <source>Output size</source>
        <translation>출력 크기</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>문제</translation>
    </message>
    <message>
        <source>Show help</source>
        <translation>도움말 보기</translation>
    </message>
    <message>
        <source>{id} (no label)</source>
        <translation>{id} (레이블 없음)</translation>
    </message>
    <message>
        <source>Inside {block}: read-only — Expand into Primitives to edit this layer.</source>
        <translation>{block} 안의 층: 읽기 전용입니다. 이 층을 편집하려면 기본 블록으로 펼치세요.</translation>
    </message>
    <message>
        <source>{h}×{w}, stride {stride}</source>
        <translation>{h}×{w}, 스트라이드 {stride}</translation>
    </message>
    <message>
        <source>  (pooling: dilation 1)</source>
        <translation>  (풀링: 팽창 1)</translation>
    </message>
    <message>
        <source>padding &quot;same&quot; keeps the size: H_out = H_in, W_out = W_in</source>
        <translation>패딩 &quot;same&quot;은 크기를 유지합니다: H_out = H_in, W_out = W_in</translation>
    </message>
    <message>
        <source>input {shape}</source>
        <translation>입력 {shape}</translation>
    </message>
    <message>
        <source>Connect an input to see the numbers.</source>
        <translation>입력을 연결하면 숫자를 넣어 계산해 보여 줍니다.</translation>
    </message>
    <message>
        <source>Needs a feature map [C, H, W], got {shape}.</source>
        <translation>특성 맵([C, H, W])이 필요합니다. 들어온 입력의 모양: {shape}.</translation>
    </message>
    <message>
        <source>Parameters</source>
        <comment>a block&apos;s settings</comment>
        <translation>매개변수</translation>
    </message>
    <message>
        <source>unknown: waiting for the input&apos;s shape</source>
        <translation>알 수 없음: 입력 모양을 기다리는 중</translation>
    </message>
</context>
<context>
    <name>KernelGrid</name>
    <message>
        <source>filter {index}
mean {mean}
std {std}
L2 norm {norm}</source>
        <translation>필터 {index}
평균 {mean}
표준편차 {std}
L2 노름 {norm}</translation>
    </message>
</context>
<context>
    <name>KernelViewer</name>
    <message>
        <source>filter</source>
        <translation>필터</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>평균</translation>
    </message>
    <message>
        <source>std</source>
        <translation>표준편차</translation>
    </message>
    <message>
        <source>L2 norm</source>
        <translation>L2 노름</translation>
    </message>
    <message>
        <source>Select a convolution block to see its filters.</source>
        <translation>합성곱 블록을 선택하면 그 필터를 보여 줍니다.</translation>
    </message>
    <message>
        <source>Can&apos;t draw weights of shape {shape}.</source>
        <translation>모양이 {shape}인 가중치는 그릴 수 없습니다.</translation>
    </message>
    <message>
        <source>{filters} filters · {size} · {channels} input channel</source>
        <translation>필터 {filters}개 · {size} · 입력 채널 {channels}개</translation>
    </message>
    <message>
        <source>{filters} filters · {size} · {channels} input channels</source>
        <translation>필터 {filters}개 · {size} · 입력 채널 {channels}개</translation>
    </message>
    <message>
        <source>drawn in colour (red, green, blue weights)</source>
        <translation>컬러로 표시 (빨강, 초록, 파랑 가중치)</translation>
    </message>
    <message>
        <source>first {count} input channels drawn</source>
        <translation>처음 입력 채널 {count}개만 표시</translation>
    </message>
    <message>
        <source>first {count} filters drawn</source>
        <translation>처음 필터 {count}개만 표시</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>The new language is used the next time Convas starts.</source>
        <translation>새 언어는 Convas를 다음에 시작할 때 적용됩니다.</translation>
    </message>
    <message>
        <source>Change Language</source>
        <translation>언어 바꾸기</translation>
    </message>
    <message>
        <source>Convas shows {language} after a restart. Restart now?</source>
        <translation>다시 시작하면 Convas의 언어가 바뀝니다: {language}. 지금 다시 시작할까요?</translation>
    </message>
    <message>
        <source>Restart Now</source>
        <translation>지금 다시 시작</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>나중에</translation>
    </message>
</context>
<context>
    <name>LayerCostController</name>
    <message>
        <source>Select a convolution larger than 1×1 (or an Inception block) to see what a 1×1 bottleneck in front of it saves.</source>
        <translation>1×1보다 큰 합성곱(또는 인셉션 블록)을 선택하면, 그 앞에 1×1 병목을 넣었을 때 얼마나 줄어드는지 보여 줍니다.</translation>
    </message>
    <message>
        <source>Select a convolution larger than 1×1 to compare it with a depthwise separable one.</source>
        <translation>1×1보다 큰 합성곱을 선택하면 깊이별 분리 합성곱과 비교해 보여 줍니다.</translation>
    </message>
</context>
<context>
    <name>LayerCosts</name>
    <message>
        <source>Insert 1×1 + ReLU before {block}</source>
        <translation>{block} 앞에 1×1 + ReLU 넣기</translation>
    </message>
    <message>
        <source>Insert 1×1 before {block}</source>
        <translation>{block} 앞에 1×1 넣기</translation>
    </message>
    <message>
        <source>Make {block} Depthwise Separable</source>
        <translation>{block} 블록을 깊이별 분리 합성곱으로 바꾸기</translation>
    </message>
</context>
<context>
    <name>LookInside</name>
    <message>
        <source>Can&apos;t show inside {block}: {reason}.</source>
        <translation>{block} 블록의 안을 보여 줄 수 없습니다: {reason}.</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>The explainer, kernel and evaluation views</source>
        <translation>설명, 커널, 평가 보기</translation>
    </message>
    <message>
        <source>Export and import</source>
        <translation>내보내기와 가져오기</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>직접 해 보기</translation>
    </message>
    <message>
        <source>{what} unavailable: {error}</source>
        <translation>{what}: 쓸 수 없습니다 ({error})</translation>
    </message>
    <message>
        <source>The lesson views</source>
        <translation>수업 보기</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Saved {path}.</source>
        <translation>{path}에 저장했습니다.</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>최근 파일 없음</translation>
    </message>
    <message>
        <source>Clear Recent Files</source>
        <translation>최근 파일 목록 지우기</translation>
    </message>
    <message>
        <source>Can&apos;t recover</source>
        <translation>복구할 수 없습니다</translation>
    </message>
    <message>
        <source>Recovered “{name}”: save it to keep the changes.</source>
        <translation>“{name}” 네트워크를 복구했습니다. 변경 내용을 남기려면 저장하세요.</translation>
    </message>
</context>
<context>
    <name>MapGrid</name>
    <message>
        <source>channel {index}: {low} … {high}</source>
        <translation>채널 {index}: {low} … {high}</translation>
    </message>
</context>
<context>
    <name>MemoryGuard</name>
    <message>
        <source>Train anyway?</source>
        <translation>그래도 학습할까요?</translation>
    </message>
    <message>
        <source>Export anyway?</source>
        <translation>그래도 내보낼까요?</translation>
    </message>
    <message>
        <source>Not enough memory</source>
        <translation>메모리 부족</translation>
    </message>
</context>
<context>
    <name>Minimap</name>
    <message>
        <source>Overview: click or drag to move the view</source>
        <translation>전체 보기: 클릭하거나 끌어서 화면을 옮깁니다</translation>
    </message>
</context>
<context>
    <name>MistakeGallery</name>
    <message>
        <source>validation sample {index}: {caption}
click to see it in Feature maps</source>
        <translation>검증 샘플 {index}: {caption}
누르면 특성 맵에서 볼 수 있습니다</translation>
    </message>
</context>
<context>
    <name>ParamEditors</name>
    <message>
        <source>min {value}</source>
        <translation>최소 {value}</translation>
    </message>
    <message>
        <source>max {value}</source>
        <translation>최대 {value}</translation>
    </message>
    <message>
        <source>required</source>
        <translation>필수</translation>
    </message>
    <message>
        <source>default {value}</source>
        <translation>기본값 {value}</translation>
    </message>
    <message>
        <source>“{text}” is not a number</source>
        <translation>“{text}”: 숫자가 아닙니다</translation>
    </message>
    <message>
        <source>n  or  h, w</source>
        <translation>n  또는  h, w</translation>
    </message>
    <message>
        <source>n  or  h, w  or  same</source>
        <translation>n  또는  h, w  또는  same</translation>
    </message>
</context>
<context>
    <name>PixelCanvas</name>
    <message>
        <source>{height}×{width} pixels</source>
        <translation>픽셀 {height}×{width}</translation>
    </message>
    <message>
        <source>grey</source>
        <translation>흑백</translation>
    </message>
    <message>
        <source>channel 0: red</source>
        <translation>채널 0: 빨강</translation>
    </message>
    <message>
        <source>channel 1: green</source>
        <translation>채널 1: 초록</translation>
    </message>
    <message>
        <source>channel 2: blue</source>
        <translation>채널 2: 파랑</translation>
    </message>
</context>
<context>
    <name>PixelGridView</name>
    <message>
        <source>Built-in digits (8×8 grey)</source>
        <translation>내장 숫자 (8×8 흑백)</translation>
    </message>
    <message>
        <source>Built-in shapes (32×32 colour)</source>
        <translation>내장 도형 (32×32 컬러)</translation>
    </message>
    <message>
        <source>sample </source>
        <translation>샘플 </translation>
    </message>
    <message>
        <source>Training data: {name}</source>
        <translation>학습 데이터: {name}</translation>
    </message>
    <message>
        <source>label: {label}</source>
        <translation>레이블: {label}</translation>
    </message>
    <message>
        <source>layout</source>
        <translation>배치</translation>
    </message>
    <message>
        <source>shape</source>
        <translation>모양</translation>
    </message>
    <message>
        <source>this number</source>
        <translation>이 숫자</translation>
    </message>
    <message>
        <source>place in memory</source>
        <translation>메모리 위치</translation>
    </message>
    <message>
        <source>H×W×C: image files, numpy, PIL</source>
        <translation>H×W×C (세로×가로×채널): 이미지 파일, numpy, PIL</translation>
    </message>
    <message>
        <source>C×H×W: PyTorch</source>
        <translation>C×H×W (채널×세로×가로): PyTorch</translation>
    </message>
    <message>
        <source>the lesson&apos;s width×height×3</source>
        <translation>수업의 가로×세로×3</translation>
    </message>
    <message>
        <source>Row {row}, column {col}, {channel}: {value} of 255 (0 dark, 255 bright). The same picture is {count} numbers in every layout; only their order differs.</source>
        <translation>{row}행 {col}열, {channel}: 값 {value} (0은 어둡고 255는 밝습니다). 같은 그림은 어떤 배치에서도 숫자 {count}개이고, 순서만 다릅니다.</translation>
    </message>
</context>
<context>
    <name>PresetGallery</name>
    <message>
        <source>{shape} in  ·  {params} params  ·  {macs} MACs</source>
        <translation>입력 {shape}  ·  파라미터 {params}  ·  MAC 연산 {macs}</translation>
    </message>
    <message>
        <source>Open a preset network</source>
        <translation>프리셋 네트워크 열기</translation>
    </message>
    <message>
        <source>Search presets…</source>
        <translation>프리셋 검색…</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MAC 연산</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>블록</translation>
    </message>
    <message>
        <source>No preset matches</source>
        <translation>맞는 프리셋이 없습니다</translation>
    </message>
    <message>
        <source>Can&apos;t read this preset: {error}</source>
        <translation>이 프리셋을 읽을 수 없습니다: {error}</translation>
    </message>
</context>
<context>
    <name>QuickAddPopup</name>
    <message>
        <source>Search blocks…</source>
        <translation>블록 검색…</translation>
    </message>
</context>
<context>
    <name>RealKernelView</name>
    <message>
        <source>filter </source>
        <translation>필터 </translation>
    </message>
    <message>
        <source>Which output channel&apos;s kernel to apply</source>
        <translation>적용할 출력 채널의 커널</translation>
    </message>
    <message>
        <source>Train the network to apply its learned kernels to a real image.</source>
        <translation>네트워크를 학습시키면 배운 커널을 실제 이미지에 적용해 볼 수 있습니다.</translation>
    </message>
</context>
<context>
    <name>ReceptiveFieldView</name>
    <message>
        <source>Select a block to see what one of its units sees.</source>
        <translation>블록을 선택하면 그 출력의 한 칸이 입력에서 보는 부분을 보여 줍니다.</translation>
    </message>
    <message>
        <source>{block}: working out its receptive field…</source>
        <translation>{block}: 수용 영역을 계산하고 있습니다…</translation>
    </message>
    <message>
        <source>{block}: connect it to the Input to see its receptive field.</source>
        <translation>{block}: Input 블록과 이어지면 수용 영역을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>{block}: each unit sees {height}×{width} input pixels; neighbours are {stride} pixels apart (input {input_h}×{input_w})</source>
        <translation>{block}: 출력 한 칸은 입력 픽셀 {height}×{width}개를 봅니다. 이웃 칸과는 {stride}픽셀 떨어져 있습니다 (입력 {input_h}×{input_w})</translation>
    </message>
    <message>
        <source>Unit ({y}, {x}) sees rows {top}–{bottom} and columns {left}–{right} of the input.</source>
        <translation>({y}, {x}) 칸은 입력의 {top}–{bottom}행, {left}–{right}열을 봅니다.</translation>
    </message>
    <message>
        <source>Part of its field lies outside the image (dashed): there it sees the padding.</source>
        <translation>수용 영역의 일부(점선)는 이미지 밖에 있습니다. 그 부분에서는 패딩을 봅니다.</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>never saved</source>
        <translation>저장한 적 없음</translation>
    </message>
    <message>
        <source>{name} — {where} — autosaved {time}</source>
        <translation>{name} — {where} — {time}에 자동 저장</translation>
    </message>
    <message>
        <source>Recover Unsaved Work</source>
        <translation>저장하지 않은 작업 복구</translation>
    </message>
    <message>
        <source>Convas did not close properly last time. These networks had unsaved changes:</source>
        <translation>지난번에 Convas가 제대로 닫히지 않았습니다. 다음 네트워크에 저장하지 않은 변경 내용이 있습니다:</translation>
    </message>
    <message>
        <source>Recover</source>
        <translation>복구</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Not Now</source>
        <translation>나중에</translation>
    </message>
</context>
<context>
    <name>RunHistory</name>
    <message>
        <source>Run history</source>
        <translation>실행 기록</translation>
    </message>
</context>
<context>
    <name>RunMonitor</name>
    <message>
        <source>starting…</source>
        <translation>시작하는 중…</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs}: validation accuracy {accuracy} %, loss {loss}</source>
        <translation>에폭 {epoch}/{epochs}: 검증 정확도 {accuracy} %, 손실 {loss}</translation>
    </message>
    <message>
        <source>epoch {epoch}/{epochs} · step {step}/{steps} · {eta} left</source>
        <translation>에폭 {epoch}/{epochs} · 스텝 {step}/{steps} · {eta} 남음</translation>
    </message>
</context>
<context>
    <name>RunsPanel</name>
    <message>
        <source>Validation accuracy (%)</source>
        <translation>검증 정확도 (%)</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>검증 손실</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>학습 손실</translation>
    </message>
    <message>
        <source>Training accuracy (%)</source>
        <translation>학습 정확도 (%)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>이름</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>시작 시각</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>상태</translation>
    </message>
    <message>
        <source>Best val acc</source>
        <translation>최고 검증 정확도</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>에폭</translation>
    </message>
    <message>
        <source>running</source>
        <translation>진행 중</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>발산함</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>다시 열기</translation>
    </message>
    <message>
        <source>Open this run&apos;s network and load its trained weights</source>
        <translation>이 실행의 네트워크를 열고 학습한 가중치를 불러옵니다</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>새로 고침</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>에폭</translation>
    </message>
    <message>
        <source>No runs yet: train a network and it appears here.</source>
        <translation>아직 실행 기록이 없습니다. 네트워크를 학습시키면 여기에 나타납니다.</translation>
    </message>
    <message>
        <source>Delete run #{run} with its curves and saved weights?</source>
        <translation>실행 기록 #{run}: 곡선과 저장한 가중치까지 함께 삭제할까요?</translation>
    </message>
    <message>
        <source>Delete {count} runs with their curves and saved weights?</source>
        <translation>실행 {count}개를 곡선과 저장한 가중치까지 함께 삭제할까요?</translation>
    </message>
    <message>
        <source>Delete runs</source>
        <translation>실행 기록 삭제</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>중단됨</translation>
    </message>
</context>
<context>
    <name>SeparablePanel</name>
    <message>
        <source>ReLU between depthwise and pointwise</source>
        <translation>깊이별과 점별 사이에 ReLU</translation>
    </message>
    <message>
        <source>MobileNet puts batch norm and ReLU after the depthwise convolution</source>
        <translation>MobileNet은 깊이별 합성곱 뒤에 배치 정규화와 ReLU를 둡니다</translation>
    </message>
    <message>
        <source>Replace with depthwise separable</source>
        <translation>깊이별 분리 합성곱으로 바꾸기</translation>
    </message>
    <message>
        <source>Make this convolution depthwise and add a 1×1 pointwise convolution after it (one undoable step)</source>
        <translation>이 합성곱을 깊이별 합성곱으로 바꾸고 뒤에 1×1 점별 합성곱을 넣습니다 (한 번에 실행 취소 가능)</translation>
    </message>
    <message>
        <source>Select a convolution larger than 1×1 to compare it with a depthwise separable one.</source>
        <translation>1×1보다 큰 합성곱을 선택하면 깊이별 분리 합성곱과 비교해 보여 줍니다.</translation>
    </message>
    <message>
        <source>now: {size}, {inputs} → {outputs}</source>
        <translation>지금: {size}, {inputs} → {outputs}</translation>
    </message>
    <message>
        <source>depthwise {size}, groups {groups}</source>
        <translation>깊이별 {size}, 그룹 {groups}</translation>
    </message>
    <message>
        <source>pointwise 1×1, {inputs} → {outputs}</source>
        <translation>점별 1×1, {inputs} → {outputs}</translation>
    </message>
    <message>
        <source>separable: total ({change} MACs)</source>
        <translation>분리하면: 합계 (MAC 연산 {change})</translation>
    </message>
    <message>
        <source>this layer</source>
        <translation>이 층</translation>
    </message>
    <message>
        <source>A full {size} convolution mixes space and channels at once: {k2}·{inputs}·{outputs} weights. The depthwise one filters each of the {inputs} channels on its own ({k2}·{inputs}), and the 1×1 then mixes the channels ({inputs}·{outputs}). The layer keeps {ratio} of its multiply-accumulates: 1/{outputs} + 1/{k2}.</source>
        <translation>보통의 {size} 합성곱은 공간과 채널을 한 번에 섞으므로 가중치가 {k2}·{inputs}·{outputs}개입니다. 깊이별 합성곱은 채널 {inputs}개를 하나씩 따로 거르고({k2}·{inputs}개), 이어서 1×1이 채널을 섞습니다({inputs}·{outputs}개). 이 층의 곱셈-누산은 {ratio}만 남습니다: 1/{outputs} + 1/{k2}.</translation>
    </message>
</context>
<context>
    <name>StackCanvas</name>
    <message>
        <source>{layers} × {kernel}×{kernel} layers</source>
        <translation>{kernel}×{kernel} 층 {layers}개</translation>
    </message>
    <message>
        <source>1 × {kernel}×{kernel} layer</source>
        <translation>{kernel}×{kernel} 층 1개</translation>
    </message>
    <message>
        <source>input: {field} pixels seen</source>
        <translation>입력: 픽셀 {field}개를 봄</translation>
    </message>
    <message>
        <source>input</source>
        <translation>입력</translation>
    </message>
    <message>
        <source>layer {n}</source>
        <translation>{n}층</translation>
    </message>
</context>
<context>
    <name>StackedKernelsView</name>
    <message>
        <source>layers </source>
        <translation>층 수 </translation>
    </message>
    <message>
        <source>kernel </source>
        <translation>커널 </translation>
    </message>
    <message>
        <source>channels </source>
        <translation>채널 </translation>
    </message>
    <message>
        <source>map </source>
        <translation>맵 </translation>
    </message>
    <message>
        <source>Channels in and out of every layer (C)</source>
        <translation>모든 층의 입력·출력 채널 수 (C)</translation>
    </message>
    <message>
        <source>Height and width of the feature map (padding keeps it)</source>
        <translation>특성 맵의 높이와 너비 (패딩으로 유지)</translation>
    </message>
    <message>
        <source>channels and map size from {block}</source>
        <translation>채널 수와 맵 크기: {block} 블록에서 가져옴</translation>
    </message>
    <message>
        <source>{layers} × {kernel}×{kernel}: {coefficient}·C²</source>
        <translation>{kernel}×{kernel} × {layers}개: {coefficient}·C²</translation>
    </message>
    <message>
        <source>1 × {kernel}×{kernel}: {coefficient}·C²</source>
        <translation>{kernel}×{kernel} × 1개: {coefficient}·C²</translation>
    </message>
    <message>
        <source>receptive field {field}×{field}</source>
        <translation>수용 영역 {field}×{field}</translation>
    </message>
    <message>
        <source>The stack has {percent} fewer weights and MACs.</source>
        <translation>쌓은 쪽이 가중치와 MAC 연산이 {percent} 적습니다.</translation>
    </message>
    <message>
        <source>Here the stack is not cheaper.</source>
        <translation>이 경우에는 쌓은 쪽이 더 싸지 않습니다.</translation>
    </message>
    <message>
        <source>Each stacked layer widens what a unit sees by {step}: {fields}. {layers} layers of {kernel}×{kernel} see as far as one {big}×{big} layer. {verdict} Each layer also brings its own ReLU: {layers} non-linearities instead of one. This is why VGG uses only 3×3 kernels.</source>
        <translation>층을 하나 쌓을 때마다 한 칸이 보는 범위가 {step}만큼 넓어집니다: {fields}. {kernel}×{kernel} 층 {layers}개는 {big}×{big} 층 하나만큼 넓게 봅니다. {verdict} 층마다 ReLU도 하나씩 있으므로 비선형성이 하나가 아니라 {layers}개입니다. 그래서 VGG는 3×3 커널만 씁니다.</translation>
    </message>
</context>
<context>
    <name>StartingWeights</name>
    <message>
        <source>Starting weights</source>
        <translation>시작 가중치</translation>
    </message>
    <message>
        <source>Where training starts: fresh weights from the seed, the weights the network was imported with, or a past run&apos;s trained weights. Layers whose shape differs (a replaced head) start fresh</source>
        <translation>학습을 시작할 가중치입니다: 시드로 만든 새 가중치, 네트워크를 가져올 때의 가중치, 또는 지난 실행에서 학습한 가중치. 모양이 다른 층(교체한 헤드)은 새 가중치로 시작합니다</translation>
    </message>
    <message>
        <source>The learning rate of the layers that start from these weights, as a share of the learning rate (1: the same). Lower keeps pre-trained layers close to what they learned while a new head trains</source>
        <translation>이 가중치로 시작하는 층의 학습률 배율입니다(학습률에 곱하는 값, 1: 같음). 낮을수록 새 헤드가 학습하는 동안 사전 학습한 층이 배운 것을 덜 바꿉니다</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>시작 가중치</translation>
    </message>
    <message>
        <source>Pre-trained layers&apos; rate ×</source>
        <translation>사전 학습한 층의 학습률 ×</translation>
    </message>
    <message>
        <source>Fresh weights (from the seed)</source>
        <translation>새 가중치 (시드에서)</translation>
    </message>
    <message>
        <source>The imported weights</source>
        <translation>가져온 가중치</translation>
    </message>
    <message>
        <source>The project starts from run #{run}, which this computer&apos;s run history doesn&apos;t have: fresh weights instead.</source>
        <translation>이 프로젝트는 실행 #{run} 기록의 가중치로 시작하지만 이 컴퓨터의 실행 기록에는 그 실행이 없습니다. 대신 새 가중치로 시작합니다.</translation>
    </message>
    <message>
        <source>The project starts from imported weights: import the model again.</source>
        <translation>이 프로젝트는 가져온 가중치로 시작합니다. 모델을 다시 가져오세요.</translation>
    </message>
    <message>
        <source>Layers whose name or shape differs start fresh.</source>
        <translation>이름이나 모양이 다른 층은 새 가중치로 시작합니다.</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Show the summary table with every problem</source>
        <translation>모든 문제가 담긴 요약 표를 보여 줍니다</translation>
    </message>
    <message>
        <source>Params: {count}</source>
        <translation>파라미터: {count}</translation>
    </message>
    <message>
        <source>{count} learnable parameters</source>
        <translation>학습 가능한 파라미터 {count}개</translation>
    </message>
    <message>
        <source>MACs: {count}</source>
        <translation>MAC 연산: {count}</translation>
    </message>
    <message>
        <source>{count} multiply-accumulates per sample</source>
        <translation>샘플 하나당 곱셈-누산 {count}번</translation>
    </message>
    <message>
        <source>Output: {shape}</source>
        <translation>출력: {shape}</translation>
    </message>
    <message>
        <source>⚠ {count} problems</source>
        <translation>⚠ 문제 {count}개</translation>
    </message>
    <message>
        <source>⚠ {count} problem</source>
        <translation>⚠ 문제 {count}개</translation>
    </message>
    <message>
        <source>(click for all)</source>
        <translation>(눌러서 모두 보기)</translation>
    </message>
    <message>
        <source>✓ No problems</source>
        <translation>✓ 문제 없음</translation>
    </message>
    <message>
        <source>The network compiles</source>
        <translation>네트워크를 컴파일할 수 있습니다</translation>
    </message>
</context>
<context>
    <name>Summary</name>
    <message>
        <source>Node</source>
        <translation>노드</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>유형</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>출력</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>파라미터</translation>
    </message>
    <message>
        <source>MACs</source>
        <translation>MAC 연산</translation>
    </message>
    <message>
        <source>Receptive field</source>
        <translation>수용 영역</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>문제</translation>
    </message>
    <message>
        <source>Total ({count} blocks)</source>
        <translation>합계 (블록 {count}개)</translation>
    </message>
    <message>
        <source>id: {id}</source>
        <translation>id: {id}</translation>
    </message>
    <message>
        <source>Working out the field through the block&apos;s layers…</source>
        <translation>블록의 층을 따라 수용 영역을 계산하고 있습니다…</translation>
    </message>
    <message>
        <source>Each output unit sees {h}×{w} input pixels; neighbours are {stride} apart</source>
        <translation>출력 한 칸은 입력 픽셀 {h}×{w}개를 봅니다. 이웃 칸과는 {stride}픽셀 떨어져 있습니다</translation>
    </message>
    <message>
        <source>waiting for an input shape</source>
        <translation>입력 모양을 기다리는 중</translation>
    </message>
</context>
<context>
    <name>SummaryTable</name>
    <message>
        <source>Copy as text</source>
        <translation>텍스트로 복사</translation>
    </message>
    <message>
        <source>Copy the table as tab-separated text</source>
        <translation>표를 탭으로 구분한 텍스트로 복사합니다</translation>
    </message>
</context>
<context>
    <name>TrainSwitch</name>
    <message>
        <source>Training</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Train this block&apos;s weights</source>
        <translation>이 블록의 가중치 학습</translation>
    </message>
    <message>
        <source>Untick to freeze the block: training then leaves its weights (and its batch statistics) exactly as they are, e.g. while a new head learns on top of imported weights</source>
        <translation>선택을 해제하면 블록이 고정됩니다. 그러면 학습해도 가중치(와 배치 통계)가 그대로 유지됩니다. 예를 들어 가져온 가중치 위에서 새 헤드만 학습할 때 씁니다</translation>
    </message>
    <message>
        <source>Frozen: training leaves these weights as they are.</source>
        <translation>고정됨: 학습해도 이 가중치는 그대로 유지됩니다.</translation>
    </message>
    <message>
        <source>Frozen, though this block has no weights to train.</source>
        <translation>고정됨: 다만 이 블록에는 학습할 가중치가 없습니다.</translation>
    </message>
</context>
<context>
    <name>TrainingController</name>
    <message>
        <source>Choose the dataset&apos;s folder in the Training panel.</source>
        <translation>학습 패널에서 데이터셋 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>불러오는 중…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>중지했습니다.</translation>
    </message>
    <message>
        <source>Downloading {dataset} into {folder}…</source>
        <translation>내려받는 중: {dataset} → {folder}…</translation>
    </message>
    <message>
        <source>Download failed: {error}</source>
        <translation>내려받지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>Downloaded.</source>
        <translation>내려받았습니다.</translation>
    </message>
    <message>
        <source>Loading the data…</source>
        <translation>데이터를 불러오는 중…</translation>
    </message>
    <message>
        <source>Choose the dataset&apos;s folder first.</source>
        <translation>먼저 데이터셋 폴더를 고르세요.</translation>
    </message>
    <message>
        <source>Not started: the network doesn&apos;t fit the data.</source>
        <translation>시작하지 않았습니다. 네트워크가 데이터와 맞지 않습니다.</translation>
    </message>
    <message>
        <source>Training on {dataset}…</source>
        <translation>학습하는 중: {dataset}…</translation>
    </message>
    <message>
        <source>Training failed: {error}</source>
        <translation>학습에 실패했습니다: {error}</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>학습 실패</translation>
    </message>
    <message>
        <source>The network is ready to train.</source>
        <translation>네트워크를 학습할 준비가 되었습니다.</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>{name} (continues #{run})</source>
        <translation>{name} (실행 #{run} 이어서 학습)</translation>
    </message>
</context>
<context>
    <name>TrainingJobs</name>
    <message>
        <source>Fit Network to Data</source>
        <translation>네트워크를 데이터에 맞추기</translation>
    </message>
    <message>
        <source>The network doesn&apos;t fit the data</source>
        <translation>네트워크가 데이터와 맞지 않습니다</translation>
    </message>
    <message>
        <source>Fixing is one edit you can undo.</source>
        <translation>고치는 작업은 한 번에 실행 취소할 수 있습니다.</translation>
    </message>
    <message>
        <source>Fix and Train</source>
        <translation>고치고 학습</translation>
    </message>
    <message>
        <source>Train As Is</source>
        <translation>그대로 학습</translation>
    </message>
    <message>
        <source>The data have {classes} classes but the network&apos;s output has another size. Replace its head (the last Linear, “{block}”) with a fresh one of {classes} outputs?</source>
        <translation>데이터의 클래스는 {classes}개인데 네트워크 출력의 크기가 다릅니다. 헤드(마지막 Linear 블록 “{block}”)를 출력이 {classes}개인 새 블록으로 교체할까요?</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Digits</source>
        <translation>숫자 (digits)</translation>
    </message>
    <message>
        <source>Shapes</source>
        <translation>도형 (shapes)</translation>
    </message>
    <message>
        <source>Image folder…</source>
        <translation>이미지 폴더…</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>일정</translation>
    </message>
    <message>
        <source>Step decay</source>
        <translation>계단식 감소</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>코사인</translation>
    </message>
    <message>
        <source>One-cycle</source>
        <translation>원사이클</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>Train the network on the chosen data (F5)</source>
        <translation>고른 데이터로 네트워크를 학습시킵니다 (F5)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>일시 정지</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>중지</translation>
    </message>
    <message>
        <source>Stop training; the weights so far are kept (Shift+F5)</source>
        <translation>학습을 멈춥니다. 지금까지의 가중치는 남습니다 (Shift+F5)</translation>
    </message>
    <message>
        <source>Try It on an Image…</source>
        <translation>이미지로 직접 해 보기…</translation>
    </message>
    <message>
        <source>Give the trained network your own image (Try It)</source>
        <translation>학습한 네트워크에 직접 고른 이미지를 줍니다 (직접 해 보기)</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>데이터</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>데이터셋</translation>
    </message>
    <message>
        <source>a folder with one subfolder per class</source>
        <translation>클래스마다 하위 폴더가 하나씩 있는 폴더</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>내려받기…</translation>
    </message>
    <message>
        <source>Download the dataset&apos;s files into this folder</source>
        <translation>데이터셋 파일을 이 폴더에 내려받습니다</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>폴더</translation>
    </message>
    <message>
        <source>Share of the data kept aside to measure accuracy</source>
        <translation>정확도를 재려고 따로 떼어 두는 데이터 비율</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>검증 비율</translation>
    </message>
    <message>
        <source>Random crops and flips</source>
        <translation>무작위 자르기와 뒤집기</translation>
    </message>
    <message>
        <source>Shift each training image a little and mirror it at random, so the network learns what matters, not where it is</source>
        <translation>학습 이미지를 무작위로 조금씩 옮기고 좌우로 뒤집어, 네트워크가 위치가 아니라 중요한 특성을 배우게 합니다</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>데이터 증강</translation>
    </message>
    <message>
        <source>Optimisation</source>
        <translation>최적화</translation>
    </message>
    <message>
        <source>Passes over the whole training set</source>
        <translation>학습 세트 전체를 몇 번 훑을지</translation>
    </message>
    <message>
        <source>Samples per gradient step</source>
        <translation>경사 하강 한 스텝에 쓰는 샘플 수</translation>
    </message>
    <message>
        <source>Learning rate: the size of each step. Too high diverges, too low crawls</source>
        <translation>학습률: 한 스텝의 크기입니다. 너무 크면 발산하고, 너무 작으면 아주 느립니다</translation>
    </message>
    <message>
        <source>SGD momentum: how much of the previous step carries over</source>
        <translation>SGD 모멘텀: 앞 스텝을 얼마나 이어 가는지</translation>
    </message>
    <message>
        <source>Pulls weights towards zero (L2 regularisation)</source>
        <translation>가중치를 0 쪽으로 당깁니다 (L2 규제)</translation>
    </message>
    <message>
        <source>How the learning rate changes during training</source>
        <translation>학습하는 동안 학습률이 바뀌는 방식</translation>
    </message>
    <message>
        <source>Epochs over which the learning rate ramps up from zero</source>
        <translation>학습률을 0에서부터 올리는 데 쓰는 에폭 수</translation>
    </message>
    <message>
        <source>Softens the one-hot targets a little</source>
        <translation>원-핫 정답을 조금 부드럽게 합니다</translation>
    </message>
    <message>
        <source>Largest gradient norm allowed per step (0: no clipping). Clipping tames a loss that explodes</source>
        <translation>스텝마다 허용하는 최대 그래디언트 노름 (0: 자르지 않음). 자르면 폭주하는 손실을 잡을 수 있습니다</translation>
    </message>
    <message>
        <source>off</source>
        <translation>끔</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>에폭</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>배치 크기</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>옵티마이저</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>모멘텀</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>가중치 감쇠</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>학습률 스케줄</translation>
    </message>
    <message>
        <source>Warm-up epochs</source>
        <translation>워밍업 에폭</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>레이블 스무딩</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>그래디언트 클리핑</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>실행</translation>
    </message>
    <message>
        <source>Same seed, same data split and same result</source>
        <translation>시드가 같으면 데이터 분할도 결과도 같습니다</translation>
    </message>
    <message>
        <source>Mixed precision (AMP)</source>
        <translation>혼합 정밀도 (AMP)</translation>
    </message>
    <message>
        <source>Faster on CUDA GPUs; off elsewhere</source>
        <translation>CUDA GPU에서 더 빠릅니다. 다른 곳에서는 꺼집니다</translation>
    </message>
    <message>
        <source>Channels-last memory</source>
        <translation>채널 마지막(channels-last) 메모리</translation>
    </message>
    <message>
        <source>Often faster for convolutions on CUDA GPUs</source>
        <translation>CUDA GPU에서 합성곱이 빨라지는 경우가 많습니다</translation>
    </message>
    <message>
        <source>Compile the model first: slower start, faster steps</source>
        <translation>모델을 먼저 컴파일합니다. 시작은 느리지만 스텝이 빨라집니다</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>시드</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>장치</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>계속</translation>
    </message>
    <message>
        <source>Paused · %p%</source>
        <translation>일시 정지됨 · %p%</translation>
    </message>
    <message>
        <source>auto ({device})</source>
        <translation>자동 ({device})</translation>
    </message>
    <message>
        <source>Available here: {devices}</source>
        <translation>이 컴퓨터에서 쓸 수 있는 장치: {devices}</translation>
    </message>
    <message>
        <source>Only used on a CUDA GPU</source>
        <translation>CUDA GPU에서만 쓰입니다</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>데이터셋 폴더</translation>
    </message>
    <message>
        <source>One subfolder per class, images inside (PNG, JPEG…); they are resized to the network&apos;s Input.</source>
        <translation>클래스마다 하위 폴더 하나, 그 안에 이미지(PNG, JPEG…)가 있어야 합니다. 이미지는 네트워크의 입력 크기에 맞게 조정됩니다.</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>이어서 학습</translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <source>Loss</source>
        <translation>손실</translation>
    </message>
    <message>
        <source>Accuracy (%)</source>
        <translation>정확도 (%)</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>학습률</translation>
    </message>
    <message>
        <source>train (smoothed)</source>
        <translation>학습 (평활)</translation>
    </message>
    <message>
        <source>train (epoch)</source>
        <translation>학습 (에폭)</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>검증</translation>
    </message>
    <message>
        <source>train</source>
        <translation>학습</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>에폭</translation>
    </message>
</context>
<context>
    <name>TrainingViews</name>
    <message>
        <source>Select a block on the canvas to see what it computes.</source>
        <translation>캔버스에서 블록을 선택하면 그 블록이 계산하는 것을 보여 줍니다.</translation>
    </message>
    <message>
        <source>Train the network (F5) to see what this block computes for a sample.</source>
        <translation>네트워크를 학습시키면(F5) 이 블록이 샘플에 대해 계산하는 것을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>Waiting for the trainer&apos;s next look at this block…</source>
        <translation>학습기가 이 블록을 다시 들여다보기를 기다리는 중…</translation>
    </message>
    <message>
        <source>This block was not in the trained network: train again to see it.</source>
        <translation>이 블록은 학습한 네트워크에 없었습니다. 보려면 다시 학습시키세요.</translation>
    </message>
    <message>
        <source>This block was added after the run started: train again to see it.</source>
        <translation>이 블록은 학습을 시작한 뒤에 추가되었습니다. 보려면 다시 학습시키세요.</translation>
    </message>
    <message>
        <source>label: {label}</source>
        <translation>레이블: {label}</translation>
    </message>
    <message>
        <source>Can&apos;t compute this block&apos;s output: {error}</source>
        <translation>이 블록의 출력을 계산할 수 없습니다: {error}</translation>
    </message>
    <message>
        <source>Opened run #{run}&apos;s network (no saved weights).</source>
        <translation>실행 #{run}의 네트워크를 열었습니다 (저장된 가중치 없음).</translation>
    </message>
    <message>
        <source>Opened run #{run}&apos;s network; its weights didn&apos;t load: {error}</source>
        <translation>실행 #{run}의 네트워크를 열었지만 가중치를 불러오지 못했습니다: {error}</translation>
    </message>
    <message>
        <source>Opened run #{run} with its trained weights ({file}).</source>
        <translation>실행 기록 #{run}의 네트워크를 학습한 가중치({file})와 함께 열었습니다.</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>학습(&amp;T)</translation>
    </message>
    <message>
        <source>Train the network on the chosen data</source>
        <translation>고른 데이터로 네트워크를 학습시킵니다</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>일시 정지(&amp;P)</translation>
    </message>
    <message>
        <source>Pause or resume the run</source>
        <translation>학습을 일시 정지하거나 계속합니다</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>중지(&amp;S)</translation>
    </message>
    <message>
        <source>Stop training (the weights are kept)</source>
        <translation>학습을 멈춥니다 (가중치는 남습니다)</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>계속(&amp;R)</translation>
    </message>
    <message>
        <source>… and {count} more (see the Summary)</source>
        <translation>… 외 {count}개 (요약 참고)</translation>
    </message>
    <message>
        <source>The network has problems: fix them, then train.</source>
        <translation>네트워크에 문제가 있습니다. 고친 다음 학습시키세요.</translation>
    </message>
    <message>
        <source>The network can&apos;t be trained yet</source>
        <translation>아직 네트워크를 학습시킬 수 없습니다</translation>
    </message>
    <message>
        <source>Validation accuracy {accuracy} %.</source>
        <translation>검증 정확도 {accuracy} %.</translation>
    </message>
    <message>
        <source>done</source>
        <translation>완료</translation>
    </message>
    <message>
        <source>Done (epochs: {epochs}, {time}). {facts}</source>
        <translation>완료 (에폭 {epochs}번, {time}). {facts}</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>중지했습니다.</translation>
    </message>
    <message>
        <source>Training diverged</source>
        <translation>학습이 발산했습니다</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>학습 실패</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>중지됨</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>발산함</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>실패</translation>
    </message>
    <message>
        <source>Stop the current run before reopening another.</source>
        <translation>다른 실행을 다시 열기 전에 지금 실행을 멈추세요.</translation>
    </message>
    <message>
        <source>Can&apos;t reopen the run</source>
        <translation>실행을 다시 열 수 없습니다</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>이어서 학습(&amp;C)</translation>
    </message>
    <message>
        <source>Continue the stopped run where it stopped</source>
        <translation>중지한 실행을 멈춘 곳에서 이어서 학습합니다</translation>
    </message>
    <message>
        <source>Continue run #{run} where it stopped, after {done} of {epochs} epochs (Ctrl+F5)</source>
        <translation>실행 #{run}: 에폭 {epochs}번 중 {done}번을 마치고 멈춘 곳에서 이어서 학습합니다 (Ctrl+F5)</translation>
    </message>
    <message>
        <source>Can&apos;t continue the run</source>
        <translation>실행을 이어서 학습할 수 없습니다</translation>
    </message>
    <message>
        <source>Loading the data…</source>
        <translation>데이터를 불러오는 중…</translation>
    </message>
    <message>
        <source>The network has changed</source>
        <translation>네트워크가 바뀌었습니다</translation>
    </message>
    <message>
        <source>The network has changed since run #{run} stopped, so that run can&apos;t continue where it was. Train the network as it is now instead?</source>
        <translation>멈춘 실행 #{run} 이후로 네트워크가 바뀌어서 그 실행을 멈춘 곳에서 이어서 학습할 수 없습니다. 대신 지금의 네트워크를 학습할까요?</translation>
    </message>
    <message>
        <source>Starting from the run&apos;s weights keeps what it learned in the layers that didn&apos;t change.</source>
        <translation>그 실행의 가중치로 시작하면 바뀌지 않은 층은 배운 것을 그대로 가져갑니다.</translation>
    </message>
    <message>
        <source>Train From Its Weights</source>
        <translation>그 가중치로 학습</translation>
    </message>
    <message>
        <source>Train Fresh</source>
        <translation>새로 학습</translation>
    </message>
    <message>
        <source>Run #{run} · {name} · {accuracy}</source>
        <translation>실행 #{run} · {name} · {accuracy}</translation>
    </message>
    <message>
        <source>run #{run} has no saved weights any more</source>
        <translation>실행 #{run} 기록에 저장된 가중치가 더 이상 없습니다</translation>
    </message>
    <message>
        <source>{path} can&apos;t be continued (saved before Convas could continue)</source>
        <translation>{path} 파일은 이어서 학습할 수 없습니다 (Convas가 이어서 학습을 지원하기 전에 저장됨)</translation>
    </message>
</context>
<context>
    <name>TryItController</name>
    <message>
        <source>Train the network (F5) first, then give it an image.</source>
        <translation>먼저 네트워크를 학습(F5)한 다음 이미지를 주세요.</translation>
    </message>
    <message>
        <source>Load the network&apos;s dataset in the Training panel to name its classes.</source>
        <translation>클래스 이름을 알 수 있도록 학습 패널에서 네트워크의 데이터셋을 불러오세요.</translation>
    </message>
    <message>
        <source>The network is trained: open, paste or draw an image to try it.</source>
        <translation>네트워크를 학습했습니다. 이미지를 열거나 붙여넣거나 그려서 직접 해 보세요.</translation>
    </message>
    <message>
        <source>{image}: {best} ({probability})</source>
        <translation>{image}: {best} ({probability})</translation>
    </message>
    <message>
        <source>Grad-CAM for {cls} at block {block}: nothing there raises it</source>
        <translation>Grad-CAM: 클래스 {cls}, 블록 {block}. 이 블록에는 점수를 높이는 곳이 없습니다</translation>
    </message>
    <message>
        <source>Grad-CAM for {cls} at block {block}</source>
        <translation>Grad-CAM: 클래스 {cls}, 블록 {block}</translation>
    </message>
    <message>
        <source>Saliency for {cls}</source>
        <translation>돌출 맵(saliency): 클래스 {cls}</translation>
    </message>
    <message>
        <source>Select a block on the canvas to see its feature maps.</source>
        <translation>캔버스에서 블록을 선택하면 그 특성 맵을 볼 수 있습니다.</translation>
    </message>
    <message>
        <source>{block}: {shape}</source>
        <translation>{block}: {shape}</translation>
    </message>
    <message>
        <source>drawing</source>
        <translation>그림</translation>
    </message>
    <message>
        <source>pasted image</source>
        <translation>붙여넣은 이미지</translation>
    </message>
</context>
<context>
    <name>TryItView</name>
    <message>
        <source>Train a network, then give it an image here.</source>
        <translation>네트워크를 학습한 다음 여기에 이미지를 주세요.</translation>
    </message>
    <message>
        <source>Open Image…</source>
        <translation>이미지 열기…</translation>
    </message>
    <message>
        <source>Classify image files (or drop them here)</source>
        <translation>이미지 파일을 분류합니다 (여기에 끌어다 놓아도 됩니다)</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>붙여넣기</translation>
    </message>
    <message>
        <source>Classify the image on the clipboard</source>
        <translation>클립보드의 이미지를 분류합니다</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>그리기</translation>
    </message>
    <message>
        <source>Draw an image with the mouse, white on black</source>
        <translation>마우스로 이미지를 그립니다 (검은 바탕에 흰 선)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>지우기</translation>
    </message>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM (클래스 활성화 맵)</translation>
    </message>
    <message>
        <source>Saliency</source>
        <translation>돌출 맵</translation>
    </message>
    <message>
        <source>No heat map</source>
        <translation>히트맵 없음</translation>
    </message>
    <message>
        <source>Where the network looked to score the chosen class</source>
        <translation>고른 클래스의 점수를 낼 때 네트워크가 이미지의 어디를 보았는지</translation>
    </message>
    <message>
        <source>The class the heat map is for</source>
        <translation>히트맵을 그릴 클래스</translation>
    </message>
    <message>
        <source>What the network sees</source>
        <translation>네트워크가 보는 이미지</translation>
    </message>
    <message>
        <source>Heat map:</source>
        <translation>히트맵:</translation>
    </message>
    <message>
        <source>for</source>
        <translation>대상:</translation>
    </message>
    <message>
        <source>top class</source>
        <translation>가장 높은 클래스</translation>
    </message>
    <message>
        <source>The clipboard holds no image.</source>
        <translation>클립보드에 이미지가 없습니다.</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>이미지 열기</translation>
    </message>
    <message>
        <source>Images ({patterns})</source>
        <translation>이미지 ({patterns})</translation>
    </message>
</context>
<context>
    <name>WaitingNote</name>
    <message>
        <source>Waiting</source>
        <translation>대기 중</translation>
    </message>
    <message>
        <source>Its shape, parameters and cost are unknown until the problem before it is fixed.</source>
        <translation>앞쪽의 문제를 고칠 때까지 모양, 파라미터 수, 연산량을 알 수 없습니다.</translation>
    </message>
    <message>
        <source>Its shape, parameters and cost are unknown until the problem at “{block}” is fixed: {problem}</source>
        <translation>“{block}” 블록의 문제를 고칠 때까지 모양, 파라미터 수, 연산량을 알 수 없습니다: {problem}</translation>
    </message>
    <message>
        <source>Show “{block}”</source>
        <translation>“{block}” 블록 보기</translation>
    </message>
</context>
<context>
    <name>_Header</name>
    <message>
        <source>{type}  ·  id {id}</source>
        <translation>{type}  ·  id {id}</translation>
    </message>
</context>
<context>
    <name>_LayerStrip</name>
    <message>
        <source>Blocks in order, coloured by category:</source>
        <translation>블록을 순서대로, 종류별 색으로 표시:</translation>
    </message>
</context>
</TS>
