#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the seed corpora of tests/fuzz/corpus/<target>/.

Each seed is a realistic input in the framing its harness expects (see the
comment at the top of each fuzz_*.c): the BHS of every opcode an initiator
sends, login and text requests with the key sets open-iscsi and libiscsi
send (CHAP exchanges included), and a CDB of every opcode the SCSI
emulation handles.  The output is deterministic: rerun after changing a
harness's framing and commit the result.

    tests/fuzz/gen-corpus.py [OUTDIR]     (default: tests/fuzz/corpus)
"""
import base64
import os
import struct
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else \
    os.path.join(os.path.dirname(os.path.abspath(__file__)), 'corpus')


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)


# ---------------------------------------------------------------- fuzz_pdu
# Input: BHS (48) + MaxRecvDataSegmentLength (be32) + login-phase flag byte
# + data segment.

def bhs(op, flags=0, spec2=b'\0\0', ahslen=0, dlen=0, lun=b'\0' * 8,
        itt=1, w20=0xffffffff, w24=0, w28=0, rest=b'\0' * 16):
    b = bytes([op, flags]) + spec2 + bytes([ahslen]) + \
        struct.pack('>I', dlen)[1:] + lun + \
        struct.pack('>III', itt, w20, w24) + struct.pack('>I', w28) + rest
    assert len(b) == 48
    return b


def pdu_seed(name, b, mrdsl=262144, login=False, data=b''):
    write('fuzz_pdu', name, b + struct.pack('>I', mrdsl) +
          bytes([1 if login else 0]) + data)


LUN1 = bytes([0, 1, 0, 0, 0, 0, 0, 0])
ISID = bytes([0x00, 0x02, 0x3d, 0x00, 0x00, 0x01])  # open-iscsi OUI format
login_text = b'InitiatorName=iqn.2004-10.com.ubuntu:01:abc\0' \
    b'SessionType=Normal\0TargetName=iqn.2024-01.org.example:t\0' \
    b'AuthMethod=None\0'
pdu_seed('login-security', bhs(0x43, 0x81, b'\0\0', 0, len(login_text),
                               ISID + b'\0\0', 0, 0, 1, 0),
         login=True, data=login_text)
pdu_seed('login-op-to-ffp', bhs(0x43, 0x87, b'\0\0', 0, 0,
                                ISID + b'\0\0', 0, 0, 1, 0), login=True)
pdu_seed('login-continue', bhs(0x43, 0x40, b'\0\0', 0, 8192,
                               ISID + b'\0\0', 0, 0, 1, 0), login=True)
pdu_seed('login-tsih-cid', bhs(0x43, 0x83, b'\0\0', 0, 0,
                               ISID + b'\x00\x05', 7, 0x00010000, 9, 3),
         login=True)
pdu_seed('login-after-login', bhs(0x43, 0x87), login=False)
pdu_seed('nop-out-ping', bhs(0x40, 0x80, itt=0x10, w20=0xffffffff, w24=5))
pdu_seed('nop-out-reply', bhs(0x40, 0x80, itt=0xffffffff, w20=0x1234,
                              w24=5, w28=7))
pdu_seed('nop-out-data', bhs(0x00, 0x80, dlen=16, itt=2, w24=6),
         data=b'ping-payload-016')
cdb_read10 = bytes([0x28, 0, 0, 0, 0, 0x10, 0, 0, 8, 0]) + b'\0' * 6
pdu_seed('scsi-read10', bhs(0x01, 0xc1, lun=LUN1, itt=3, w20=4096,
                            w24=10, w28=2, rest=cdb_read10))
cdb_write10 = bytes([0x2a, 0, 0, 0, 0, 0x10, 0, 0, 8, 0]) + b'\0' * 6
pdu_seed('scsi-write10-imm', bhs(0x01, 0xa1, dlen=512, lun=LUN1, itt=4,
                                 w20=4096, w24=11, w28=2, rest=cdb_write10),
         data=b'\xa5' * 512)
pdu_seed('scsi-bidi', bhs(0x01, 0xe1, lun=LUN1, itt=5, w20=512, w24=12,
                          rest=cdb_read10))
# A 32-byte CDB: the Extended CDB AHS carries its last 16 bytes (AHSLength
# 17 with the reserved byte, type 1), 20 bytes with the padding: 5 words.
pdu_seed('scsi-ext-cdb-ahs', bhs(0x01, 0x81, ahslen=5, lun=LUN1, itt=6,
                                 w20=0, w24=13, rest=bytes([0x7f]) +
                                 b'\0' * 15),
         data=b'\x00\x11\x01\x00' + b'\0' * 16)
pdu_seed('tmf-abort-task', bhs(0x42, 0x81, lun=LUN1, itt=7, w20=3,
                               w24=14, rest=struct.pack('>IIII', 10, 0, 0,
                                                        0)))
pdu_seed('tmf-lun-reset', bhs(0x42, 0x85, lun=LUN1, itt=8, w24=14))
text_st = b'SendTargets=All\0'
pdu_seed('text-sendtargets', bhs(0x04, 0x80, dlen=len(text_st), itt=9,
                                 w20=0xffffffff, w24=15), data=text_st)
pdu_seed('text-continue', bhs(0x04, 0x40, dlen=4096, itt=9,
                              w20=0xffffffff, w24=15))
pdu_seed('data-out', bhs(0x05, 0x80, dlen=4096, lun=LUN1, itt=4,
                         w20=0x77, w24=0, w28=2,
                         rest=struct.pack('>IIII', 0, 0, 512, 0)),
         mrdsl=8192)
pdu_seed('data-out-too-long', bhs(0x05, 0x80, dlen=65536, lun=LUN1, itt=4,
                                  w20=0x77), mrdsl=8192)
pdu_seed('logout-session', bhs(0x46, 0x80, itt=11, w20=0, w24=16))
pdu_seed('logout-conn', bhs(0x46, 0x81, itt=12, w20=0x00010000, w24=16))
pdu_seed('snack-data', bhs(0x10, 0x80, lun=LUN1, itt=4, w20=0xffffffff,
                           rest=struct.pack('>IIII', 0, 0, 0, 0)))
pdu_seed('snack-status', bhs(0x10, 0x81, itt=0xffffffff))
pdu_seed('target-opcode', bhs(0x21, 0x80))
pdu_seed('vendor-opcode', bhs(0x1c, 0x80))
pdu_seed('ahs-on-nop', bhs(0x00, 0x80, ahslen=1), data=b'\0\0\0\0')
pdu_seed('scsi-during-login', bhs(0x01, 0xc1, rest=cdb_read10), login=True)

# -------------------------------------------------------------- fuzz_params
# Input: mode byte (bits 0-2 max_burst shift, 3-4 header digests, 5
# ImmediateData, 6 CHAP, 7 text exchange; bit 0 also "leading"), then
# records [len_hi len_lo flags] + data; flags: 1 end of request, stage << 1,
# 8 append the data as text, 0x10 get the result; the response is drained
# in chunks of (flags >> 4) + 1 bytes, so @chunk sets bits 5-7.

def kv(*pairs):
    return b''.join(p.encode() + b'\0' for p in pairs)


def rec(data, end=True, stage=0, append=False, result=False, chunk=7):
    f = (1 if end else 0) | stage << 1 | (8 if append else 0) | \
        (0x10 if result else 0) | chunk << 5
    return struct.pack('>H', len(data)) + bytes([f & 0xff]) + data


def params_seed(name, mode, *records):
    write('fuzz_params', name, bytes([mode]) + b''.join(records))


OI_INIT = 'InitiatorName=iqn.2004-10.com.ubuntu:01:5a2f1c9e8d7b'
OI_ALIAS = 'InitiatorAlias=host1'
TNAME = 'TargetName=iqn.2024-01.org.example:storage.disk1'
# open-iscsi's default operational key set
OI_OP = kv('HeaderDigest=None', 'DataDigest=None',
           'DefaultTime2Wait=2', 'DefaultTime2Retain=0', 'IFMarker=No',
           'OFMarker=No', 'ErrorRecoveryLevel=0', 'InitialR2T=No',
           'ImmediateData=Yes', 'MaxBurstLength=16776192',
           'FirstBurstLength=262144', 'MaxOutstandingR2T=1',
           'MaxConnections=1', 'DataPDUInOrder=Yes',
           'DataSequenceInOrder=Yes', 'MaxRecvDataSegmentLength=262144')
# libiscsi's
LI_OP = kv('HeaderDigest=None,CRC32C', 'DataDigest=None',
           'InitialR2T=Yes', 'ImmediateData=Yes',
           'MaxBurstLength=262144', 'FirstBurstLength=262144',
           'MaxRecvDataSegmentLength=262144', 'DataPDUInOrder=Yes',
           'DataSequenceInOrder=Yes', 'DefaultTime2Wait=2',
           'DefaultTime2Retain=0', 'MaxOutstandingR2T=1',
           'MaxConnections=1', 'ErrorRecoveryLevel=0', 'IFMarker=No',
           'OFMarker=No')

params_seed('openiscsi-none', 0x01,
            rec(kv(OI_INIT, OI_ALIAS, TNAME, 'SessionType=Normal',
                   'AuthMethod=None')),
            rec(OI_OP, stage=1, result=True))
params_seed('openiscsi-chap', 0x41,
            rec(kv(OI_INIT, OI_ALIAS, TNAME, 'SessionType=Normal',
                   'AuthMethod=CHAP,None')),
            rec(kv('CHAP_A=5')),
            rec(kv('CHAP_N=alice',
                   'CHAP_R=0x' + '3b' * 16)),
            rec(OI_OP, stage=1, result=True))
params_seed('openiscsi-mutual-chap', 0x41,
            rec(kv(OI_INIT, TNAME, 'SessionType=Normal',
                   'AuthMethod=CHAP')),
            rec(kv('CHAP_A=7,6,5')),
            rec(kv('CHAP_N=alice', 'CHAP_R=0x' + '5c' * 32, 'CHAP_I=119',
                   'CHAP_C=0x' + '0123456789abcdef' * 2)),
            rec(OI_OP, stage=1, result=True))
params_seed('libiscsi-login', 0x19,
            rec(kv('InitiatorName=iqn.2007-10.com.github:sahlberg:libiscsi'
                   ':iscsi-test', TNAME, 'SessionType=Normal',
                   'AuthMethod=None')),
            rec(LI_OP, stage=1, result=True, chunk=0))
params_seed('libiscsi-chap-b64', 0x40,
            rec(kv('InitiatorName=iqn.2007-10.com.github:sahlberg:libiscsi',
                   TNAME, 'SessionType=Normal', 'AuthMethod=CHAP')),
            rec(kv('CHAP_A=5')),
            rec(kv('CHAP_N=bob', 'CHAP_R=0b' +
                   base64.b64encode(b'\x11' * 16).decode())),
            rec(LI_OP, stage=1, result=True))
params_seed('discovery', 0x01,
            rec(kv(OI_INIT, 'SessionType=Discovery', 'AuthMethod=None')),
            rec(kv('HeaderDigest=None', 'DataDigest=None',
                   'MaxRecvDataSegmentLength=32768', 'DefaultTime2Wait=2',
                   'DefaultTime2Retain=0', 'IFMarker=No', 'OFMarker=No',
                   'ErrorRecoveryLevel=0'), stage=1, result=True))
params_seed('sendtargets-all', 0x80, rec(kv('SendTargets=All'),
                                         result=True, chunk=3))
params_seed('sendtargets-name', 0x80,
            rec(kv('SendTargets=iqn.2024-01.org.example:storage.disk1')))
params_seed('text-renegotiate', 0x80,
            rec(kv('MaxRecvDataSegmentLength=65536', 'X-com.example.k=v',
                   'MaxBurstLength=1048576'), result=True))
params_seed('security-to-ffp', 0x01,
            rec(kv(OI_INIT, TNAME, 'AuthMethod=None',
                   'HeaderDigest=CRC32C,None', 'DataDigest=CRC32C,None',
                   'MaxRecvDataSegmentLength=8192'), result=True))
params_seed('digests-crc32c', 0x11,
            rec(kv(OI_INIT, TNAME, 'AuthMethod=None')),
            rec(kv('HeaderDigest=CRC32C', 'DataDigest=CRC32C'), stage=1,
                result=True))
params_seed('split-across-pdus', 0x01,
            rec(kv(OI_INIT)[:20], end=False),
            rec(kv(OI_INIT)[20:] + kv(TNAME, 'AuthMethod=None')),
            rec(OI_OP[:100], end=False, stage=1),
            rec(OI_OP[100:], stage=1, result=True))
params_seed('non-leading', 0x00,
            rec(kv(OI_INIT, TNAME, 'AuthMethod=None')),
            rec(kv('MaxRecvDataSegmentLength=65536', 'HeaderDigest=None'),
                stage=1, result=True))
# CRC32C header digests and no ImmediateData: the target offers both.
params_seed('offer-answers', 0x11,
            rec(kv(OI_INIT, TNAME, 'AuthMethod=None')),
            rec(kv('MaxRecvDataSegmentLength=8192'), stage=1),
            rec(kv('HeaderDigest=CRC32C', 'ImmediateData=No',
                   'MaxBurstLength=262144', 'FirstBurstLength=65536',
                   'DefaultTime2Wait=2', 'DefaultTime2Retain=0',
                   'TargetAlias=x', 'TaskReporting=RFC3720'), stage=1,
                result=True))
params_seed('rejects', 0x01,
            rec(kv(OI_INIT, TNAME, 'AuthMethod=Kerberos,SRP',
                   'X#vendor=1', 'Unknown=thing', 'IFMarkInt=2048~4096',
                   'OFMarkInt=Reject', 'MaxConnections=NotUnderstood',
                   'InitialR2T=Irrelevant')))
params_seed('repeated-key', 0x01,
            rec(kv(OI_INIT, OI_INIT, TNAME, 'AuthMethod=None')))
params_seed('bad-syntax', 0x01,
            rec(b'InitiatorName\0=novalue\0MaxBurstLength=0x1000\0'
                b'MaxBurstLength=99999999999\0DefaultTime2Wait=-1\0'
                b'HeaderDigest=\0TargetName=' + b'a' * 300 + b'\0'))
params_seed('chap-appended', 0x41,
            rec(kv(OI_INIT, TNAME, 'AuthMethod=CHAP')),
            rec(kv('CHAP_A=5', 'CHAP_I=1', 'CHAP_C=0x00'), append=True))

# ---------------------------------------------------------------- fuzz_chap
# Input: flags (1 mutual required, 2 right response, 4 base64 answer, 8 no
# CHAP_I, 16 no CHAP_C, 32 small output buffer, 64 reflect the target's
# challenge, 128 CHAP_A again afterwards), seed byte, then
# NUL-separated CHAP_A, CHAP_N, CHAP_R, CHAP_I, CHAP_C.

def chap_seed(name, flags, seed, *fields):
    write('fuzz_chap', name, bytes([flags, seed]) +
          b'\0'.join(f.encode() for f in fields))


C16 = '0x' + '00112233445566778899aabbccddeeff'
chap_seed('md5-ok', 2 | 8 | 16, 0x10, '5', 'alice', '', '', '')
chap_seed('sha1-ok', 2 | 8 | 16, 0x20, '6', 'alice', '', '', '')
chap_seed('sha256-ok', 2 | 8 | 16, 0x30, '7', 'bob', '', '', '')
chap_seed('sha3-ok', 2 | 8 | 16, 0x40, '8', 'alice', '', '', '')
chap_seed('list-ok', 2 | 8 | 16, 0x50, '7,6,5', 'alice', '', '', '')
chap_seed('b64-ok', 2 | 4 | 8 | 16, 0x60, '5', 'alice', '', '', '')
chap_seed('mutual-ok', 2, 0x70, '5', 'alice', '', '42', C16)
chap_seed('mutual-sha256', 2 | 1, 0x80, '7', 'alice', '', '0x2a',
          '0b' + base64.b64encode(bytes(range(32))).decode())
chap_seed('mutual-required-absent', 2 | 1 | 8 | 16, 0, '5', 'alice', '', '',
          '')
chap_seed('mutual-reflected', 2, 0, '5', 'alice', '', '0',
          '0x' + '00010203' * 4)
chap_seed('mutual-no-peer', 2, 1, '5', 'bob', '', '7', C16)
chap_seed('mutual-small-out', 2 | 32, 2, '5', 'alice', '', '200', C16)
chap_seed('mutual-short-challenge', 2, 3, '5', 'alice', '', '1', '0x0011')
chap_seed('mutual-long-challenge', 2, 4, '5', 'alice', '', '1',
          '0x' + 'ab' * 1025)
chap_seed('wrong-response-hex', 8 | 16, 0x10, '5', 'alice', '0x' + '5a' * 16,
          '', '')
chap_seed('wrong-response-b64', 8 | 16, 0, '6', 'alice',
          '0B' + base64.b64encode(b'\x55' * 20).decode(), '', '')
chap_seed('unknown-user', 2 | 8 | 16, 0, '5', 'mallory', '', '', '')
chap_seed('unknown-alg', 8 | 16, 0, '1,2,3,4', 'alice', '0x00', '', '')
chap_seed('odd-hex', 8 | 16, 0, '5', 'alice', '0xabc', '', '')
chap_seed('bad-b64', 8 | 16, 0, '5', 'alice', '0b====', '', '')
chap_seed('upper-hex', 8 | 16, 0, '5', 'alice', '0X' + 'AB' * 16, '', '')
chap_seed('ident-range', 2, 0, '5', 'alice', '', '256', C16)
chap_seed('ident-hex', 2, 0, '5', 'alice', '', '0xff', C16)
chap_seed('i-without-c', 2 | 16, 0, '5', 'alice', '', '5', '')
chap_seed('long-name', 2 | 8 | 16, 0, '5', 'n' * 300, '', '', '')
chap_seed('mutual-reflect-own', 2 | 64, 5, '5', 'alice', '', '9', C16)
chap_seed('no-secret', 2 | 8 | 16, 6, '5', 'carol', '', '', '')
chap_seed('peer-secret-too-long', 2, 7, '6', 'dave', '', '3', C16)
chap_seed('a-again', 2 | 8 | 16 | 128, 8, '5', 'alice', '', '', '')
chap_seed('a-list-junk', 2 | 8 | 16, 0, 'None,5,,x,0x5', 'alice', '', '',
          '')

# ---------------------------------------------------------------- fuzz_scsi
# Input: mode byte (1 read-only, 2 xen compat, 4 descriptor sense, 8 ALUA,
# 16 WCE, bits 4-7 physical block exponent, 0x20 largest capacity, 0x40
# transfer limit, 0xc0 no LU, 0x80 pending unit attention), data-in buffer
# size - 1024, CDB.

def scsi_seed(name, cdb, mode=0x10, buf=255):
    write('fuzz_scsi', name, bytes([mode, buf]) + bytes(cdb))


def be(v, n):
    return list(v.to_bytes(n, 'big'))


scsi_seed('tur', [0x00, 0, 0, 0, 0, 0])
scsi_seed('request-sense', [0x03, 0, 0, 0, 252, 0])
scsi_seed('request-sense-desc', [0x03, 1, 0, 0, 252, 0], mode=0x04)
scsi_seed('read6', [0x08, 0, 0, 0x10, 8, 0])
scsi_seed('write6', [0x0a, 0, 0, 0x20, 0, 0])
scsi_seed('inquiry', [0x12, 0, 0, 0, 96, 0])
for page in (0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2):
    scsi_seed('inquiry-vpd-%02x' % page, [0x12, 1, page] + be(512, 2) + [0],
              mode=0x48)
scsi_seed('mode-sense6-all', [0x1a, 0, 0x3f, 0, 192, 0])
scsi_seed('mode-sense6-caching', [0x1a, 0x08, 0x08, 0, 32, 0])
scsi_seed('mode-sense10-all', [0x5a, 0x08, 0x3f, 0, 0, 0, 0] + be(512, 2) +
          [0])
scsi_seed('mode-sense10-control', [0x5a, 0, 0x0a, 0, 0, 0, 0] + be(64, 2) +
          [0], mode=0x04)
scsi_seed('start-stop', [0x1b, 0, 0, 0, 1, 0])
scsi_seed('prevent-allow', [0x1e, 0, 0, 0, 1, 0])
scsi_seed('read-capacity10', [0x25] + [0] * 9, mode=0x20)
scsi_seed('read10', [0x28, 0] + be(2040, 4) + [0] + be(8, 2) + [0])
scsi_seed('write10', [0x2a, 0x08] + be(0, 4) + [0] + be(16, 2) + [0])
scsi_seed('write10-ro', [0x2a, 0] + be(0, 4) + [0] + be(1, 2) + [0],
          mode=0x01)
scsi_seed('write-verify10', [0x2e, 0x02] + be(100, 4) + [0] + be(4, 2) +
          [0])
scsi_seed('verify10', [0x2f, 0x02] + be(100, 4) + [0] + be(4, 2) + [0])
scsi_seed('sync-cache10', [0x35, 0x02] + be(0, 4) + [0] + be(0, 2) + [0])
scsi_seed('read16', [0x88, 0] + be(2047, 8) + be(1, 4) + [0, 0])
scsi_seed('write16', [0x8a, 0] + be(1024, 8) + be(128, 4) + [0, 0],
          mode=0x40)
scsi_seed('write-verify16', [0x8e, 0] + be(0, 8) + be(8, 4) + [0, 0])
scsi_seed('verify16', [0x8f, 0] + be(0, 8) + be(8, 4) + [0, 0])
scsi_seed('sync-cache16', [0x91, 0] + be(0, 8) + be(2048, 4) + [0, 0])
scsi_seed('read-capacity16', [0x9e, 0x10] + be(0, 8) + be(32, 4) + [0, 0],
          mode=0x38)
scsi_seed('report-luns', [0xa0, 0, 0, 0, 0, 0] + be(8200, 4) + [0, 0],
          mode=0xc0)
scsi_seed('rsoc-all', [0xa3, 0x0c, 0, 0, 0, 0] + be(1024, 4) + [0, 0])
scsi_seed('rsoc-one', [0xa3, 0x0c, 0x81, 0x28, 0, 0] + be(64, 4) + [0, 0])
scsi_seed('rsoc-sa', [0xa3, 0x0c, 0x82, 0x9e, 0, 0x10] + be(64, 4) +
          [0, 0])
scsi_seed('read12', [0xa8, 0] + be(0, 4) + be(16, 4) + [0, 0])
scsi_seed('write12', [0xaa, 0] + be(2000, 4) + be(48, 4) + [0, 0])
scsi_seed('write-verify12', [0xae, 0] + be(0, 4) + be(1, 4) + [0, 0])
scsi_seed('verify12', [0xaf, 0] + be(0, 4) + be(1, 4) + [0, 0])
scsi_seed('unit-attention', [0x28, 0] + be(0, 4) + [0] + be(1, 2) + [0],
          mode=0x80)
scsi_seed('unmap-unsupported', [0x42, 0, 0, 0, 0, 0, 0, 0, 24, 0])
scsi_seed('naca-set', [0x00, 0, 0, 0, 0, 0x04])
scsi_seed('lba-out-of-range', [0x88, 0] + be(2048, 8) + be(1, 4) + [0, 0])
scsi_seed('xen-inquiry', [0x12, 0, 0, 0, 36, 0], mode=0x02)

# Commands the glue carries out: the parameter list follows the CDB padded
# to sixteen bytes (byte 1 = 255: glue served, thin, TPC on).


def glue_seed(name, cdb, param, mode=0x10):
    scsi_seed(name, list(cdb) + [0] * (16 - len(cdb)) + list(param), mode)


caching = [0x08, 0x12, 0x00] + [0] * 17             # WCE 0
glue_seed('mode-select10-caching', [0x55, 0x10, 0, 0, 0, 0, 0] +
          be(8 + len(caching), 2) + [0], [0] * 8 + caching)
glue_seed('unmap-two', [0x42, 0, 0, 0, 0, 0, 0] + be(40, 2) + [0],
          be(38, 2) + be(32, 2) + [0] * 4 +
          be(8, 8) + be(16, 4) + [0] * 4 + be(1000, 8) + be(8, 4) + [0] * 4)
pr_key = be(0x1122334455667788, 8)
glue_seed('pr-out-register', [0x5f, 0x00, 0, 0, 0] + be(24, 4) + [0],
          [0] * 8 + pr_key + [0] * 4 + [0x01, 0, 0, 0])
glue_seed('pr-out-reserve-we', [0x5f, 0x01, 0x01, 0, 0] + be(24, 4) + [0],
          pr_key + [0] * 16)
tpid = list(b'iqn.2024-01.org.example:b,i,0x023d00000001\0\0')
glue_seed('pr-out-register-spec-i-pt', [0x5f, 0x00, 0, 0, 0] +
          be(28 + 4 + len(tpid), 4) + [0],
          [0] * 8 + pr_key + [0] * 4 + [0x08, 0, 0, 0] +
          be(len(tpid) + 4, 4) + [0x41, 0] + be(len(tpid), 2) + tpid)
naa_desig = [0x01, 0x03, 0x00, 0x10] + be(0x6001405000000001, 8) + [0] * 8
cscd = [0xe4, 0, 0, 0] + naa_desig + [0] * 4 + [0, 0, 0x02, 0x00, 0, 0, 0,
                                               0]
seg = [0x02, 0, 0] + be(24, 1) + be(0, 2) + be(0, 2) + [0, 0] + be(8, 2) + \
    be(0, 8) + be(64, 8)
xhdr = [0x01, 0] + be(2 * len(cscd), 2) + [0] * 4 + be(len(seg), 4) + \
    be(0, 4)
glue_seed('xcopy-block-to-block', [0x83, 0, 0, 0, 0, 0, 0, 0, 0, 0] +
          be(len(xhdr) + 2 * len(cscd) + len(seg), 4) + [0, 0],
          xhdr + cscd + cscd + seg)
# SET TARGET PORT GROUPS (ALUA on, mode 0x18): group 2 to standby, group 1
# to active/non-optimized; the access check sees an unavailable port.
stpg = [0] * 4 + [0x02, 0] + be(2, 2) + [0x01, 0] + be(1, 2)
scsi_seed('stpg-two', [0xa4, 0x0a, 0, 0, 0, 0] + be(len(stpg), 4) +
          [0] * 6 + stpg, mode=0x18, buf=0xe1)
scsi_seed('read10-unavailable', [0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0],
          mode=0x18, buf=0xf9)
# SANITIZE OVERWRITE, two inverted passes of a 4-byte pattern; the same
# READ(10) on a LU being sanitized (ALUA off, byte 1 bits 3-4 = 01b).
glue_seed('sanitize-overwrite', [0x48, 0xa1, 0, 0, 0, 0, 0] + be(8, 2) +
          [0], [0x82, 0, 0, 4, 0xde, 0xad, 0xbe, 0xef])
scsi_seed('read10-sanitizing', [0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], buf=0x0f)
