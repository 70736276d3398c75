# SPDX-License-Identifier: Apache-2.0
"""Opening a store's sealed fields from a test, as tipsom does
(src/vault/fields.c), with libsodium through ctypes: tests that read a
store's rows directly read names through this.

    op = sealed.Opener(rows_of_field_keys, key_line)
    op.open("person_names.given", stored)   # the plain text

Only for key-file stores (the tests' TIPSOM_KEY_FILE); a plain store's
values come back as they are.
"""
import base64
import ctypes
import ctypes.util
import os

_sodium = ctypes.CDLL(ctypes.util.find_library("sodium") or
                      "libsodium.so.23")
_sodium.sodium_init()

NONCE = 24
TAG = 16
PREFIX = "tipsom-store-key:"


def _b64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _decrypt(box, ad, key):
    nonce, ct = box[:NONCE], box[NONCE:]
    out = ctypes.create_string_buffer(max(1, len(ct)))
    out_len = ctypes.c_ulonglong(0)
    adb = ad.encode()
    rc = _sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        out, ctypes.byref(out_len), None, ct, ctypes.c_ulonglong(len(ct)),
        adb, ctypes.c_ulonglong(len(adb)), nonce, key)
    if rc != 0:
        raise ValueError("does not open (%s)" % ad)
    return out.raw[:out_len.value]


def key_line(path=None):
    path = path or os.environ["TIPSOM_KEY_FILE"]
    with open(path) as f:
        return f.readline().strip()


class Opener:
    """The data keys of one store: rows (version, wrapped) of field_keys,
    unwrapped with the key file's line."""

    def __init__(self, rows, line=None):
        line = line or key_line()
        assert line.startswith(PREFIX), "not a key file's line"
        kek = _b64(line[len(PREFIX):])
        self.keys = {}
        for version, wrapped in rows:
            assert wrapped.startswith("w.")
            self.keys[int(version)] = _decrypt(
                _b64(wrapped[2:]), "tipsom key %d" % int(version), kek)

    @property
    def encrypted(self):
        return bool(self.keys)

    def open(self, field, stored):
        if stored is None or not self.keys:
            return stored
        head, _, body = stored.partition(".")
        assert head.startswith("k"), "not sealed: %r" % stored[:20]
        key = self.keys[int(head[1:])]
        return _decrypt(_b64(body), field, key).decode()


def opener_of(query):
    """An Opener for the store query(sql) reads (a function giving rows)."""
    try:
        rows = query("SELECT version, wrapped FROM field_keys")
    except Exception:          # a store older than field encryption
        rows = []
    return Opener(rows)
