"""Write static/sounds/new-report.wav, the duty screen's new-report sound: two short beeps (880 Hz then
1320 Hz, 0.12 s each, 0.05 s apart, faded in and out), 16 kHz mono, with the standard library only.

    python scripts/duty_sound.py
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 16_000
TARGET = Path(__file__).resolve().parents[1] / "static" / "sounds" / "new-report.wav"


def samples() -> bytes:
    frames = bytearray()
    for freq, length in ((880, 0.12), (0, 0.05), (1320, 0.12)):
        n = int(RATE * length)
        for i in range(n):
            fade = min(1.0, i / 200, (n - i) / 200)
            value = int(12_000 * fade * math.sin(2 * math.pi * freq * i / RATE)) if freq else 0
            frames += struct.pack("<h", value)
    return bytes(frames)


def main() -> None:
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(TARGET), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples())


if __name__ == "__main__":
    main()
