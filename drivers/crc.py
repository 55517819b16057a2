"""CRC-16 variants and simple checksums used by the kiosk's device protocols.

Each variant is a named instance of :class:`Crc16` with the reveng catalogue parameters
(docs/rfid.md §1), so a driver says which algorithm it means by name instead of
by a tuple of magic numbers. They are table-driven: a FEIG inventory with 60 tags is a
700-byte frame, and the pure-Python bit loop would be ten times slower.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def _reflect(value: int, width: int) -> int:
    out = 0
    for _ in range(width):
        out = (out << 1) | (value & 1)
        value >>= 1
    return out


@dataclass(frozen=True)
class Crc16:
    """A CRC-16 in the Rocksoft/reveng model: poly, init, refin/refout, xorout."""

    name: str
    poly: int
    init: int
    reflected: bool
    xorout: int
    check: int
    _table: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table = []
        if self.reflected:
            rpoly = _reflect(self.poly, 16)
            for byte in range(256):
                crc = byte
                for _ in range(8):
                    crc = (crc >> 1) ^ rpoly if crc & 1 else crc >> 1
                table.append(crc)
        else:
            for byte in range(256):
                crc = byte << 8
                for _ in range(8):
                    crc = ((crc << 1) ^ self.poly) & 0xFFFF if crc & 0x8000 else (crc << 1) & 0xFFFF
                table.append(crc)
        object.__setattr__(self, "_table", tuple(table))

    def __call__(self, data: bytes | bytearray | memoryview) -> int:
        crc = _reflect(self.init, 16) if self.reflected else self.init
        table = self._table
        if self.reflected:
            for byte in data:
                crc = (crc >> 8) ^ table[(crc ^ byte) & 0xFF]
        else:
            for byte in data:
                crc = ((crc << 8) & 0xFFFF) ^ table[((crc >> 8) ^ byte) & 0xFF]
        return crc ^ self.xorout

    def lsb_first(self, data: bytes | bytearray | memoryview) -> bytes:
        return self(data).to_bytes(2, "little")

    def msb_first(self, data: bytes | bytearray | memoryview) -> bytes:
        return self(data).to_bytes(2, "big")


# ISO 28560-3 / Danish data model basic block (stored LSB first).
CRC16_IBM_3740 = Crc16("CRC-16/IBM-3740", 0x1021, 0xFFFF, False, 0x0000, check=0x29B1)
# 3M / Bibliotheca Model 210 reader protocol BCC (sent MSB first).
CRC16_GENIBUS = Crc16("CRC-16/GENIBUS", 0x1021, 0xFFFF, False, 0xFFFF, check=0xD64E)
# ISO 15693 air interface (sent LSB first); residue over data+CRC is 0xF0B8.
CRC16_X25 = Crc16("CRC-16/IBM-SDLC", 0x1021, 0xFFFF, True, 0xFFFF, check=0x906E)
# FEIG OBID host protocol (sent LSB first). Same as X-25 without the final inversion.
CRC16_MCRF4XX = Crc16("CRC-16/MCRF4XX", 0x1021, 0xFFFF, True, 0x0000, check=0x6F91)
# Modbus-RTU (sent LSB first).
CRC16_MODBUS = Crc16("CRC-16/MODBUS", 0x8005, 0xFFFF, True, 0x0000, check=0x4B37)

ALL_CRC16 = (CRC16_IBM_3740, CRC16_GENIBUS, CRC16_X25, CRC16_MCRF4XX, CRC16_MODBUS)


def xor8(data: bytes | bytearray) -> int:
    """XOR of all bytes (8A lock boards; ISO 28560-3 extension blocks)."""
    out = 0
    for byte in data:
        out ^= byte
    return out


def sum8(data: bytes | bytearray) -> int:
    """Sum of all bytes modulo 256 (Kerong lock boards)."""
    return sum(data) & 0xFF
