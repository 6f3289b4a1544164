"""An incremental ESC/POS decoder: bytes in, receipts (one per cut) and status replies out.

It understands what python-escpos sends and what common receipt software does: text with code
pages, print modes (emphasis, underline, double width/height), alignment, feeds, HRI and
barcodes (function A and B), QR codes (``GS ( k``), raster, column and ``GS ( L`` graphics
images, cuts, drawer kicks (``ESC p`` and ``DLE DC4``), and real-time status requests
(``DLE EOT n``), which it answers through a callback as a printer would. Unknown commands are
skipped and noted, never fatal. Data may arrive in any chunking: an incomplete command waits for
more bytes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from escpos.capabilities import get_profile
from PIL import Image

from hardware.virtual.receipt import (
    AlignName,
    BarcodeBlock,
    ImageBlock,
    QRBlock,
    Receipt,
    Segment,
    TextLine,
)

ESC, GS, DLE, FS = 0x1B, 0x1D, 0x10, 0x1C

BARCODE_A = {0: "UPC-A", 1: "UPC-E", 2: "EAN13", 3: "EAN8", 4: "CODE39", 5: "ITF", 6: "NW7"}
BARCODE_B = {
    65: "UPC-A",
    66: "UPC-E",
    67: "EAN13",
    68: "EAN8",
    69: "CODE39",
    70: "ITF",
    71: "NW7",
    72: "CODE93",
    73: "CODE128",
    74: "GS1-128",
    75: "GS1 DataBar Omnidirectional",
    76: "GS1 DataBar Truncated",
    77: "GS1 DataBar Limited",
    78: "GS1 DataBar Expanded",
}
ALIGN: dict[int, AlignName] = {
    0: "left",
    1: "center",
    2: "right",
    48: "left",
    49: "center",
    50: "right",
}
# ESC commands followed by exactly this many parameter bytes (and nothing else to do).
ESC_SKIP = {
    0x20: 1,  # right-side character spacing
    0x25: 1,  # user-defined character set on/off
    0x2B: 1,  # line spacing n/360 in
    0x33: 1,  # line spacing n/180 in
    0x3D: 1,  # select peripheral device
    0x3F: 2,  # python-escpos HW_RESET: ESC ? LF NUL
    0x41: 1,  # line spacing n/60 in
    0x42: 2,  # buzzer
    0x43: 1,  # slip wait time
    0x4A: 1,  # feed n dots (handled as a line end below)
    0x4B: 1,  # slip eject
    0x4D: 1,  # font
    0x52: 1,  # international character set
    0x53: 0,  # standard mode
    0x54: 1,  # print direction
    0x55: 1,  # unidirectional printing
    0x56: 1,  # 90 degree rotation
    0x63: 2,  # ESC c 3/4/5 n, ESC c 0 n (paper sensors, panel buttons, slip/roll)
    0x69: 0,  # partial cut (old)
    0x6D: 0,  # partial cut (old)
    0x72: 1,  # colour
    0x74: 1,  # code page (handled below)
    0x7B: 1,  # upside down
    0x32: 0,  # default line spacing
    0x3C: 0,  # return home
}
GS_SKIP = {
    0x42: 1,  # invert (handled below)
    0x62: 1,  # smoothing
    0x68: 1,  # barcode height
    0x77: 1,  # barcode module width
    0x48: 1,  # HRI position (handled below)
    0x66: 1,  # HRI font
    0x4C: 2,  # left margin
    0x57: 2,  # print area width
    0x50: 2,  # motion units
    0x61: 1,  # automatic status back
    0x2F: 1,  # print downloaded image
    0x3A: 0,  # macro definition
    0x5E: 3,  # execute macro
    0x49: 1,  # printer ID (answered below)
    0x72: 1,  # transmit status (answered below)
    0x24: 2,  # absolute vertical position
    0x5C: 2,  # relative vertical position
    0x54: 1,  # set print position to the beginning of line
}


@dataclass
class PrinterState:
    """What the simulated printer reports to status requests."""

    paper: str = "ok"
    """``ok``, ``near_end`` or ``out``."""
    online: bool = True
    answers: bool = True
    """False: the printer ignores status requests (like many cheap or stalled printers)."""


class Incomplete(Exception):
    """The buffer ends in the middle of a command."""


class Decoder:
    """Decodes one connection's byte stream; receipts go to ``on_receipt`` as they complete."""

    def __init__(
        self,
        on_receipt: Callable[[Receipt], None],
        reply: Callable[[bytes], None] | None = None,
        *,
        state: PrinterState | None = None,
        profile: str = "default",
    ) -> None:
        self.on_receipt = on_receipt
        self.reply = reply or (lambda _data: None)
        self.state = state or PrinterState()
        pages = get_profile(profile).codePages
        self.pages = {int(number): name for number, name in pages.items()}
        self.buffer = bytearray()
        self.receipt_bytes = bytearray()
        self._cut = False
        self._reset_modes()
        self._new_receipt()

    # -- public ----------------------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        """Decode ``data`` (any chunk of the stream)."""
        self.buffer += data
        position = 0
        while position < len(self.buffer):
            try:
                used = self._step(position)
            except Incomplete:
                break
            self.receipt_bytes += self.buffer[position : position + used]
            position += used
            if self._cut:
                self._cut = False
                self._complete()
        del self.buffer[:position]

    def finish(self) -> None:
        """End of the stream: whatever was printed since the last cut is a receipt too."""
        self._end_line(force=False)
        if self.receipt.has_content:
            self._complete()

    # -- state -----------------------------------------------------------------------------

    def _reset_modes(self) -> None:
        self.bold = False
        self.underline = False
        self.width = 1
        self.height = 1
        self.invert = False
        self.align: AlignName = "left"
        self.code_page = self.pages.get(0, "CP437")
        self.hri = False
        self.qr_data = b""
        self.qr_size = 3
        self.graphics = b""
        self.line = TextLine()
        self.line_started = False

    def _new_receipt(self) -> None:
        self.receipt = Receipt()
        self.receipt_bytes = bytearray()

    def _complete(self) -> None:
        receipt = self.receipt
        receipt.data = bytes(self.receipt_bytes)
        receipt.received_at = time.perf_counter()
        self._new_receipt()
        self.on_receipt(receipt)

    def _add_text(self, text: str) -> None:
        if not self.line_started:
            self.line.align = self.align
            self.line_started = True
        segment = Segment(text, self.bold, self.underline, self.width, self.height, self.invert)
        last = self.line.segments[-1] if self.line.segments else None
        if last is not None and (last.bold, last.underline, last.width, last.height) == (
            segment.bold,
            segment.underline,
            segment.width,
            segment.height,
        ):
            self.line.segments[-1] = Segment(
                last.text + text, last.bold, last.underline, last.width, last.height, last.invert
            )
        else:
            self.line.segments.append(segment)

    def _end_line(self, *, force: bool = True) -> None:
        if self.line.segments or force:
            if not self.line_started:
                self.line.align = self.align
            self.receipt.blocks.append(self.line)
        self.line = TextLine()
        self.line_started = False

    def _add_block(self, block: BarcodeBlock | QRBlock | ImageBlock) -> None:
        if self.line.segments:
            self._end_line()
        self.receipt.blocks.append(block)

    def _select_code_page(self, number: int) -> None:
        self.code_page = self.pages.get(number, "CP437")
        if self.code_page not in self.receipt.code_pages:
            self.receipt.code_pages.append(self.code_page)

    def _decode_text(self, raw: bytes) -> str:
        try:
            return raw.decode(self.code_page.lower().replace("-", "_"), errors="replace")
        except LookupError:
            return raw.decode("cp437", errors="replace")

    # -- the command table -----------------------------------------------------------------

    def _need(self, position: int, count: int) -> bytes:
        if position + count > len(self.buffer):
            raise Incomplete
        return bytes(self.buffer[position : position + count])

    def _step(self, at: int) -> int:
        """Decode the command at ``at``; return how many bytes it took."""
        byte = self.buffer[at]
        if byte == 0x0A:
            self._end_line()
            return 1
        if byte in (0x0C,):
            self._end_line(force=False)
            return 1
        if byte == 0x09:
            self._add_text(" " * (8 - len(self.line.text) % 8))
            return 1
        if byte == ESC:
            return self._esc(at)
        if byte == GS:
            return self._gs(at)
        if byte == DLE:
            return self._dle(at)
        if byte == FS:
            return self._fs(at)
        if byte < 0x20 or byte == 0x7F:
            return 1  # CR, NUL and other controls print nothing
        end = at
        while end < len(self.buffer) and self.buffer[end] >= 0x20 and self.buffer[end] != 0x7F:
            end += 1
        self._add_text(self._decode_text(bytes(self.buffer[at:end])))
        return end - at

    def _esc(self, at: int) -> int:
        command = self._need(at, 2)[1]
        if command == 0x40:  # ESC @ initialise
            if self.line.segments:
                self._end_line()
            self._reset_modes()
            return 2
        if command == 0x21:  # ESC ! print mode
            n = self._need(at, 3)[2]
            self.bold = bool(n & 0x08)
            self.height = 2 if n & 0x10 else 1
            self.width = 2 if n & 0x20 else 1
            self.underline = bool(n & 0x80)
            return 3
        if command in (0x45, 0x47):  # ESC E / ESC G emphasis, double strike
            self.bold = bool(self._need(at, 3)[2] & 1)
            return 3
        if command == 0x2D:  # ESC - underline
            self.underline = self._need(at, 3)[2] in (1, 2, 49, 50)
            return 3
        if command == 0x61:  # ESC a justification
            self.align = ALIGN.get(self._need(at, 3)[2], "left")
            return 3
        if command == 0x74:  # ESC t code page
            self._select_code_page(self._need(at, 3)[2])
            return 3
        if command == 0x64:  # ESC d print and feed n lines
            n = self._need(at, 3)[2]
            self._end_line()
            for _ in range(max(0, n - 1)):
                self._end_line()
            return 3
        if command == 0x4A:  # ESC J feed n dots
            self._need(at, 3)
            self._end_line()
            return 3
        if command == 0x70:  # ESC p m t1 t2 drawer kick
            m = self._need(at, 5)[2]
            self.receipt.drawer_kicks.append(5 if m & 1 else 2)
            return 5
        if command == 0x2A:  # ESC * m nL nH column image
            head = self._need(at, 5)
            m, dots = head[2], head[3] + head[4] * 256
            per_column = 3 if m in (32, 33) else 1
            data = self._need(at, 5 + dots * per_column)[5:]
            self._column_image(data, dots, per_column)
            return 5 + dots * per_column
        if command == 0x44:  # ESC D tab positions ... NUL
            end = self.buffer.find(b"\x00", at + 2)
            if end < 0:
                raise Incomplete
            return end - at + 1
        if command in ESC_SKIP:
            self._need(at, 2 + ESC_SKIP[command])
            return 2 + ESC_SKIP[command]
        self.receipt.unknown_commands.append(f"ESC {command:#04x}")
        return 2

    def _gs(self, at: int) -> int:
        command = self._need(at, 2)[1]
        if command == 0x21:  # GS ! character size
            n = self._need(at, 3)[2]
            self.width = min(2, (n >> 4) + 1)
            self.height = min(2, (n & 0x0F) + 1)
            return 3
        if command == 0x42:  # GS B reverse
            self.invert = bool(self._need(at, 3)[2] & 1)
            return 3
        if command == 0x48:  # GS H HRI position
            self.hri = self._need(at, 3)[2] in (1, 2, 3, 49, 50, 51)
            return 3
        if command == 0x56:  # GS V cut
            m = self._need(at, 3)[2]
            used = 4 if m in (65, 66, 97, 98, 103, 104) else 3
            self._need(at, used)
            self._end_line(force=False)
            self.receipt.cut = "full" if m in (0, 48, 65, 97, 103) else "partial"
            self._cut = True  # the receipt completes once the cut's bytes are counted in it
            return used
        if command == 0x6B:  # GS k barcode
            return self._barcode(at)
        if command == 0x28:  # GS ( fn pL pH ...
            head = self._need(at, 5)
            length = head[3] + head[4] * 256
            body = self._need(at, 5 + length)[5:]
            self._gs_paren(head[2], body)
            return 5 + length
        if command == 0x76:  # GS v 0 m xL xH yL yH raster image
            head = self._need(at, 8)
            width_bytes, rows = head[4] + head[5] * 256, head[6] + head[7] * 256
            data = self._need(at, 8 + width_bytes * rows)[8:]
            self._raster_image(data, width_bytes, rows)
            return 8 + width_bytes * rows
        if command == 0x38:  # GS 8 L p1 p2 p3 p4 ... large graphics data
            head = self._need(at, 7)
            length = int.from_bytes(head[3:7], "little")
            self._need(at, 7 + length)
            return 7 + length
        if command == 0x2A:  # GS * x y data: define downloaded image
            head = self._need(at, 4)
            length = head[2] * head[3] * 8
            self._need(at, 4 + length)
            return 4 + length
        if command in (0x72, 0x49):  # GS r / GS I: transmit status, printer ID
            n = self._need(at, 3)[2]
            if self.state.answers:
                if command == 0x72:
                    paper = {"ok": 0x00, "near_end": 0x03, "out": 0x0C}[self.state.paper]
                    self.reply(bytes([paper if n in (1, 49) else 0x00]))
                else:
                    self.reply(bytes([0x20 if n in (1, 49) else 0x00]))
            return 3
        if command in GS_SKIP:
            self._need(at, 2 + GS_SKIP[command])
            return 2 + GS_SKIP[command]
        self.receipt.unknown_commands.append(f"GS {command:#04x}")
        return 2

    def _dle(self, at: int) -> int:
        command = self._need(at, 2)[1]
        if command == 0x04:  # DLE EOT n real-time status
            n = self._need(at, 3)[2]
            if self.state.answers:
                self.reply(bytes([self._status_byte(n)]))
            return 3
        if command == 0x05:  # DLE ENQ n
            self._need(at, 3)
            return 3
        if command == 0x14:  # DLE DC4 fn ...
            head = self._need(at, 3)
            if head[2] == 1:  # pulse: m t
                m = self._need(at, 5)[3]
                self.receipt.drawer_kicks.append(5 if m & 1 else 2)
                return 5
            if head[2] == 8:
                self._need(at, 10)
                return 10
            self._need(at, 5)
            return 5
        return 1

    def _fs(self, at: int) -> int:
        command = self._need(at, 2)[1]
        if command in (0x2E, 0x26):  # FS . / FS & kanji mode off/on
            return 2
        if command == 0x70:  # FS p n m: print NV image
            self._need(at, 4)
            return 4
        if command == 0x28:
            head = self._need(at, 5)
            length = head[3] + head[4] * 256
            self._need(at, 5 + length)
            return 5 + length
        if command in (0x21, 0x2D, 0x43, 0x57):
            self._need(at, 3)
            return 3
        if command == 0x53:
            self._need(at, 4)
            return 4
        self.receipt.unknown_commands.append(f"FS {command:#04x}")
        return 2

    # -- helpers ---------------------------------------------------------------------------

    def _status_byte(self, n: int) -> int:
        base = 0x12
        state = self.state
        if n == 1:
            return base | (0 if state.online and state.paper != "out" else 0x08)
        if n == 2:
            return base | (0x20 if state.paper == "out" else 0) | (0 if state.online else 0x40)
        if n == 4:
            return base | {"ok": 0x00, "near_end": 0x0C, "out": 0x60}[state.paper]
        return base

    def _barcode(self, at: int) -> int:
        m = self._need(at, 3)[2]
        if m <= 6:
            end = self.buffer.find(b"\x00", at + 3)
            if end < 0:
                raise Incomplete
            data = bytes(self.buffer[at + 3 : end])
            used = end - at + 1
            symbology = BARCODE_A.get(m, f"type {m}")
        else:
            n = self._need(at, 4)[3]
            data = self._need(at, 4 + n)[4:]
            used = 4 + n
            symbology = BARCODE_B.get(m, f"type {m}")
        text = data.decode("ascii", errors="replace")
        if symbology in ("CODE128", "GS1-128"):
            text = _code128_text(text)
        self._add_block(BarcodeBlock(symbology, text, self.align, self.hri))
        return used

    def _gs_paren(self, function: int, body: bytes) -> None:
        if function == 0x6B and len(body) >= 2 and body[0] == 0x31:  # QR code, cn = "1"
            fn = body[1]
            if fn == 0x43 and len(body) >= 3:
                self.qr_size = body[2]
            elif fn == 0x50:
                self.qr_data = body[3:]
            elif fn == 0x51:
                text = self.qr_data.decode("utf-8", errors="replace")
                self._add_block(QRBlock(text, self.qr_size, self.align))
        elif function == 0x4C and len(body) >= 2:  # GS ( L graphics
            fn = body[1]
            if fn == 0x70 and len(body) >= 10:
                self.graphics = body
            elif fn == 0x32 and self.graphics:
                graphics = self.graphics
                width, height = graphics[6] + graphics[7] * 256, graphics[8] + graphics[9] * 256
                self._raster_image(graphics[10:], (width + 7) // 8, height)
                self.graphics = b""

    def _raster_image(self, data: bytes, width_bytes: int, rows: int) -> None:
        if width_bytes == 0 or rows == 0:
            return
        # ESC/POS: a set bit is a black dot; in Pillow's mode "1" a set bit is white.
        inverted = bytes(b ^ 0xFF for b in data)
        image = Image.frombytes("1", (width_bytes * 8, rows), inverted)
        self._add_block(ImageBlock(image, self.align))

    def _column_image(self, data: bytes, dots: int, per_column: int) -> None:
        height = per_column * 8
        image = Image.new("1", (dots, height), 1)
        pixels = image.load()
        assert pixels is not None
        for x in range(dots):
            for k in range(per_column):
                byte = data[x * per_column + k]
                for bit in range(8):
                    if byte & (0x80 >> bit):
                        pixels[x, k * 8 + bit] = 0
        self._add_block(ImageBlock(image, self.align))


def _code128_text(text: str) -> str:
    """The human-readable data of an ESC/POS CODE128 payload (``{B`` code set prefixes)."""
    out: list[str] = []
    index = 0
    code_c = False
    while index < len(text):
        char = text[index]
        if char == "{" and index + 1 < len(text):
            selector = text[index + 1]
            index += 2
            if selector == "{":
                out.append("{")
            else:
                code_c = selector == "C"
            continue
        if code_c:
            out.append(f"{ord(char):02d}")
        else:
            out.append(char)
        index += 1
    return "".join(out)
