import { describe, expect, it } from 'vitest';
import { dateOfBirthDetector } from '../../src/detect/date-of-birth.js';
import { emailDetector } from '../../src/detect/email.js';
import { gpsDetector } from '../../src/detect/gps.js';
import { ipAddressDetector } from '../../src/detect/ip-address.js';
import { licensePlateDetector } from '../../src/detect/license-plate.js';
import { macAddressDetector } from '../../src/detect/mac-address.js';
import { passportDetector } from '../../src/detect/passport.js';
import { hkMacauPermitDetector, taiwanPermitDetector } from '../../src/detect/permits.js';
import type { Detector } from '../../src/detect/types.js';

function spans(d: Detector, text: string, min = 0.5): string[] {
  return d
    .find(text)
    .filter((f) => f.score >= min)
    .map((f) => text.slice(f.start, f.end));
}

describe('PASSPORT', () => {
  it('finds PRC passport numbers; other shapes only with passport context', () => {
    expect(spans(passportDetector, '护照E12345678，新版EA1234567')).toEqual(['E12345678', 'EA1234567']);
    expect(spans(passportDetector, 'G12345678')).toEqual(['G12345678']);
    expect(spans(passportDetector, 'Passport number: K12345678')).toEqual(['K12345678']);
    expect(spans(passportDetector, 'code K12345678')).toEqual([]);
    expect(spans(passportDetector, '列车G1234次', 0)).toEqual([]);
  });
});

describe('CN_HK_MACAU_PERMIT and CN_TAIWAN_PERMIT', () => {
  it('needs context for letter + digits shapes', () => {
    expect(spans(hkMacauPermitDetector, '港澳通行证C12345678')).toEqual(['C12345678']);
    expect(spans(hkMacauPermitDetector, '回乡证H12345678')).toEqual(['H12345678']);
    expect(spans(hkMacauPermitDetector, '型号C12345678')).toEqual([]);
    expect(spans(taiwanPermitDetector, '大陆居民往来台湾通行证T12345678')).toEqual(['T12345678']);
  });
  it('8 digits are a Taiwan compatriot permit only next to 台胞证', () => {
    expect(spans(taiwanPermitDetector, '台胞证12345678')).toEqual(['12345678']);
    expect(spans(taiwanPermitDetector, '发票代码12345678')).toEqual([]);
  });
});

describe('CN_LICENSE_PLATE', () => {
  it('finds ordinary and 8-character new-energy plates', () => {
    expect(spans(licensePlateDetector, '车牌沪A·12345，京AD12345，粤B12345D')).toEqual([
      '沪A·12345',
      '京AD12345',
      '粤B12345D',
    ]);
  });
  it('ignores ICP numbers and letters-only bodies', () => {
    expect(spans(licensePlateDetector, '沪ICP备12345678号', 0)).toEqual([]);
    expect(spans(licensePlateDetector, '京ABCDEF', 0)).toEqual([]);
  });
});

describe('EMAIL', () => {
  it('finds addresses in Chinese text without eating punctuation', () => {
    expect(spans(emailDetector, '邮箱：zhang.san+news@mail.example.com.cn。')).toEqual([
      'zhang.san+news@mail.example.com.cn',
    ]);
    expect(spans(emailDetector, '联系li_si2020@163.com，谢谢')).toEqual(['li_si2020@163.com']);
  });
  it('ignores @mentions and bare hosts', () => {
    expect(spans(emailDetector, '微博@张三丰 转发', 0)).toEqual([]);
    expect(spans(emailDetector, 'user@localhost', 0)).toEqual([]);
  });
});

describe('IP_ADDRESS', () => {
  it('finds IPv4 and IPv6', () => {
    expect(spans(ipAddressDetector, '服务器10.0.0.1和2001:db8::ff00:42:8329')).toEqual([
      '10.0.0.1',
      '2001:db8::ff00:42:8329',
    ]);
    expect(spans(ipAddressDetector, 'ip=203.119.25.6 status')).toEqual(['203.119.25.6']);
    expect(spans(ipAddressDetector, 'IP:fe80::1')).toEqual(['fe80::1']);
  });
  it('ignores versions, out-of-range octets, times and MAC addresses', () => {
    expect(spans(ipAddressDetector, '版本号1.2.3.4已发布，请升级到v2.0.0.1')).toEqual([]);
    expect(spans(ipAddressDetector, '10.0.19041.1', 0)).toEqual([]);
    expect(spans(ipAddressDetector, '256.1.1.1', 0)).toEqual([]);
    expect(spans(ipAddressDetector, '时间12:30:45', 0)).toEqual([]);
    expect(spans(ipAddressDetector, '00:1A:2B:3C:4D:5E', 0)).toEqual([]);
  });
});

describe('MAC_ADDRESS', () => {
  it('finds colon, dash and Cisco notations', () => {
    expect(spans(macAddressDetector, '网卡00:1A:2B:3C:4D:5E，a4-5e-60-c2-11-8f，001a.2b3c.4d5e')).toEqual([
      '00:1A:2B:3C:4D:5E',
      'a4-5e-60-c2-11-8f',
      '001a.2b3c.4d5e',
    ]);
  });
  it('rejects mixed separators and 7 groups', () => {
    expect(spans(macAddressDetector, '00:1A-2B:3C:4D:5E', 0)).toEqual([]);
    expect(spans(macAddressDetector, '00:1A:2B:3C:4D:5E:6F', 0)).toEqual([]);
  });
});

describe('GPS_COORDINATE', () => {
  it('finds decimal pairs with and without hemispheres, and DMS pairs', () => {
    expect(spans(gpsDetector, '坐标39.9042, 116.4074')).toEqual(['39.9042, 116.4074']);
    expect(spans(gpsDetector, '北纬39.9042°，东经116.4074°')).toEqual(['北纬39.9042°，东经116.4074°']);
    expect(spans(gpsDetector, 'at 31.2304°N, 121.4737°E.')).toEqual(['31.2304°N, 121.4737°E']);
    expect(spans(gpsDetector, `39°54'15" N, 116°24'27" E`)).toEqual([`39°54'15" N, 116°24'27" E`]);
    // AMap/Baidu order: longitude first.
    expect(spans(gpsDetector, '经纬度：116.397128,39.916527')).toEqual(['116.397128,39.916527']);
  });
  it('ignores prices, out-of-range values and coarse numbers', () => {
    expect(spans(gpsDetector, '价格12.50, 36.80元', 0)).toEqual([]);
    expect(spans(gpsDetector, '95.1234, 116.4074', 0)).toEqual([]);
  });
});

describe('DATE_OF_BIRTH', () => {
  it('reports dates only with birth context', () => {
    expect(spans(dateOfBirthDetector, '出生日期：1990-03-07')).toEqual(['1990-03-07']);
    expect(spans(dateOfBirthDetector, '生日1988年12月1日')).toEqual(['1988年12月1日']);
    expect(spans(dateOfBirthDetector, '1975年6月出生')).toEqual(['1975年6月']);
    expect(spans(dateOfBirthDetector, 'DOB: 07/03/1990')).toEqual(['07/03/1990']);
    expect(spans(dateOfBirthDetector, 'Date of birth: March 7, 1990')).toEqual(['March 7, 1990']);
    expect(spans(dateOfBirthDetector, 'born 19900307.')).toEqual(['19900307']);
    expect(spans(dateOfBirthDetector, '1990年3月7日生于上海')).toEqual(['1990年3月7日']);
    expect(spans(dateOfBirthDetector, '赵国强，男，1976年3月生，中共党员')).toEqual(['1976年3月']);
  });
  it('ignores other dates, impossible dates and future dates', () => {
    expect(spans(dateOfBirthDetector, '合同签订日期：2023-05-01', 0)).toEqual([]);
    expect(spans(dateOfBirthDetector, 'The meeting is on March 7, 2024', 0)).toEqual([]);
    expect(spans(dateOfBirthDetector, '出生日期1990-02-30', 0)).toEqual([]);
    expect(spans(dateOfBirthDetector, '出生日期2099-01-01', 0)).toEqual([]);
  });
});
