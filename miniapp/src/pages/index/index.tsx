import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError } from '../../api/apiError.js';
import { bindPlate, fetchBoundPlates, fetchHistory, fetchNotices, markNoticeRead, unbindPlate, type DriverNotice } from '../../api/driverAccount.js';
import { checkHealth } from '../../api/health.js';
import { refusalText } from '../../api/refusalText.js';
import { stayText } from '../../home/stayText.js';
import { useCurrentStays, type Stay } from '../../home/useCurrentStays.js';
import { lotTimeText } from '../../pay/feeBreakdown.js';
import { BoundPlatesLoadable } from '../../plates/BoundPlatesLoadable.js';
import { PlatePopup } from '../../plates/PlatePopup.js';
import { lastLot } from '../../scan/lastLot.js';
import { codePages, pageUrlOf, scanTargetOfText } from '../../scan/scanTarget.js';
import { useScanTarget } from '../../scan/useScanTarget.js';
import { Card } from '../../ui/Card.js';
import { Button, Tag } from '../../ui/nutui.js';
import { Loadable } from '../../ui/Loadable.js';
import { useLoad } from '../../ui/useLoad.js';
import './index.css';

type ServiceStatus = { state: 'checking' } | { state: 'ok' } | { state: 'error'; message: string };

const statusText = (status: ServiceStatus): string => {
  if (status.state === 'checking') return '正在连接服务…';
  if (status.state === 'ok') return '服务正常';
  return `服务异常：${status.message}`;
};

const isTemporary = (plate: string): boolean => plate.startsWith('临');

const payUrl = (lotId: string, plate: string): string => `/pages/pay/index?lot=${lotId}&plate=${encodeURIComponent(plate)}`;

/** One of the driver's cars and what it is doing in the lot. */
const CarRow = ({ plate, stay, now, lotId, onRemove }: { plate: string; stay: Stay | undefined; now: Date; lotId: string | null; onRemove?: () => void }) => {
  const status =
    lotId === null
      ? '扫描车场二维码后显示在场状态'
      : stay === undefined || stay.state === 'checking'
        ? '正在查询…'
        : stay.state === 'parked'
          ? stayText(stay.quote, now)
          : stay.state === 'away'
            ? '不在场内'
            : stay.message;
  const parked = stay?.state === 'parked' ? stay.quote : null;
  return (
    <View className={`car${parked ? ' car--parked' : ''}`}>
      <View className="car__main">
        <Text className={`car__plate${Array.from(plate).length === 8 ? ' car__plate--new-energy' : ''}`}>{plate}</Text>
        {isTemporary(plate) && <Tag type="warning">无牌车</Tag>}
        <Text className="car__status">{status}</Text>
      </View>
      <View className="car__actions">
        {parked && lotId && !isTemporary(plate) && (
          <Button size="small" type="primary" onClick={() => void Taro.navigateTo({ url: payUrl(lotId, plate) })}>
            {parked.due > 0 ? '缴费' : '查看'}
          </Button>
        )}
        {parked && isTemporary(plate) && <Text className="car__hint">出场时扫描出口二维码缴费</Text>}
        {onRemove && (
          <Text className="car__remove" onClick={onRemove}>
            删除
          </Text>
        )}
      </View>
    </View>
  );
};

const NoticeRow = ({ notice, onRead }: { notice: DriverNotice; onRead: () => void }) => (
  <View className={`notice${notice.read ? '' : ' notice--unread'}`} onClick={notice.read ? undefined : onRead}>
    <Text className="notice__text">{notice.text}</Text>
    <Text className="notice__meta">
      {notice.plate} · {lotTimeText(notice.sentAt)}
      {notice.read ? '' : ' · 点击标为已读'}
    </Text>
  </View>
);

const shortcuts = [
  { text: '停车券', icon: '券', url: '/pages/coupons/index' },
  { text: '会员卡', icon: '会', url: '/pages/club/index' },
  { text: '停车记录', icon: '记', url: '/pages/history/index' },
  { text: '商户入口', icon: '商', url: '/pages/merchant/index' },
];

/** Driver home: the bound plates and their stays, paying for another plate, coupons, the club, notices. */
const DriverHome = () => {
  const scan = useScanTarget(codePages.inLot);
  const lotId = scan?.kind === 'inLot' ? scan.lotId : lastLot();
  const [status, setStatus] = useState<ServiceStatus>({ state: 'checking' });
  const [popup, setPopup] = useState<'bind' | 'query' | null>(null);
  const [busy, setBusy] = useState(false);

  const [plates, reloadPlates] = useLoad(fetchBoundPlates);
  const loadTemporary = useCallback(async () => (await fetchHistory()).entries.filter((entry) => entry.status === 'open' && isTemporary(entry.plate) && entry.lotId === lotId).map((entry) => entry.plate), [lotId]);
  const [temporary] = useLoad(loadTemporary);
  const [notices, reloadNotices] = useLoad(fetchNotices);
  const bound = plates.state === 'ready' ? plates.value.plates.map(({ plate }) => plate) : [];
  const cars = [...bound, ...(temporary.state === 'ready' ? temporary.value : [])];
  // Quoted once both lists are in: quotes are rate-limited, so no plate is asked twice for nothing.
  const settled = plates.state !== 'loading' && temporary.state !== 'loading';
  const { stays, now, refresh } = useCurrentStays(lotId, settled ? cars : []);
  // Back on home (from paying, say): quote again. The first show is the mount's own quote.
  const shownBefore = useRef(false);
  useDidShow(() => {
    if (shownBefore.current) void refresh();
    shownBefore.current = true;
  });

  useEffect(() => {
    let current = true;
    checkHealth()
      .then(() => current && setStatus({ state: 'ok' }))
      .catch((error: unknown) => {
        if (current) setStatus({ state: 'error', message: error instanceof ApiError ? error.message : '未知错误' });
      });
    return () => {
      current = false;
    };
  }, []);

  const addPlate = async (plate: string) => {
    setBusy(true);
    try {
      await bindPlate(plate);
      setPopup(null);
      await reloadPlates();
    } catch (error) {
      void Taro.showToast({ title: refusalText(error), icon: 'none', duration: 3000 });
    } finally {
      setBusy(false);
    }
  };

  const removePlate = async (plate: string) => {
    const { confirm } = await Taro.showModal({ title: '删除车牌', content: `确定不再绑定 ${plate}？`, confirmText: '删除', confirmColor: '#e34d59' });
    if (!confirm) return;
    try {
      await unbindPlate(plate);
      await reloadPlates();
    } catch (error) {
      void Taro.showToast({ title: refusalText(error), icon: 'none', duration: 3000 });
    }
  };

  const queryPlate = (plate: string) => {
    setPopup(null);
    if (lotId !== null) void Taro.navigateTo({ url: payUrl(lotId, plate) });
  };

  const openQuery = () => {
    if (lotId === null) {
      void Taro.showToast({ title: '请先扫描车场内的缴费二维码', icon: 'none' });
      return;
    }
    setPopup('query');
  };

  const scanCode = async () => {
    if (process.env.TARO_ENV === 'h5') {
      void Taro.showToast({ title: '请用手机相机或微信扫描二维码', icon: 'none' });
      return;
    }
    try {
      const scanned = await Taro.scanCode({ onlyFromCamera: true });
      const target = scanTargetOfText(scanned.path || scanned.result);
      if (target === null) void Taro.showToast({ title: '这不是车场的二维码', icon: 'none' });
      else void Taro.navigateTo({ url: pageUrlOf(target) });
    } catch {
      // The driver closed the scanner.
    }
  };

  const read = async (notice: DriverNotice) => {
    try {
      await markNoticeRead(notice.noticeId);
      await reloadNotices();
    } catch (error) {
      void Taro.showToast({ title: refusalText(error), icon: 'none' });
    }
  };

  return (
    <View className="page home">
      <View className="home__hero">
        <Text className="home__title">停车缴费</Text>
        <Text className="home__lot">{lotId ? `当前车场 ${lotId}` : '扫描车场内的二维码，查看停车费并在线支付'}</Text>
        <View className="home__hero-actions">
          <Button type="default" size="small" onClick={() => void scanCode()}>
            扫一扫
          </Button>
          <Button type="default" size="small" onClick={openQuery}>
            输入车牌缴费
          </Button>
        </View>
      </View>

      <Card
        title="我的车辆"
        extra={
          <Text className="card__link" onClick={() => setPopup('bind')}>
            + 添加车牌
          </Text>
        }
      >
        <BoundPlatesLoadable plates={plates} onRetry={() => void reloadPlates()} onAdd={() => setPopup('bind')} count={cars.length} why="绑定后扫码即可查看停车费，无需每次输入">
          {() =>
            cars.map((plate) => (
              <CarRow key={plate} plate={plate} stay={stays[plate]} now={now} lotId={lotId} {...(isTemporary(plate) ? {} : { onRemove: () => void removePlate(plate) })} />
            ))
          }
        </BoundPlatesLoadable>
      </Card>

      <View className="home__shortcuts">
        {shortcuts.map((shortcut) => (
          <View key={shortcut.url} className="shortcut" onClick={() => void Taro.navigateTo({ url: shortcut.url })}>
            <Text className="shortcut__icon">{shortcut.icon}</Text>
            <Text className="shortcut__text">{shortcut.text}</Text>
          </View>
        ))}
      </View>

      <Card title="消息通知">
        <Loadable
          loaded={notices}
          what="通知"
          onRetry={() => void reloadNotices()}
          empty={{ when: ({ notices: list }) => list.length === 0, title: '暂无通知', description: '车窗未关、车灯未熄时，车场工作人员会在这里提醒您' }}
        >
          {({ notices: list }) => list.map((notice) => <NoticeRow key={notice.noticeId} notice={notice} onRead={() => void read(notice)} />)}
        </Loadable>
      </Card>

      <Text className={`status status--${status.state}`}>{statusText(status)}</Text>

      <PlatePopup visible={popup === 'bind'} title="绑定车牌" confirmText="绑定车牌" busy={busy} onConfirm={(plate) => void addPlate(plate)} onClose={() => setPopup(null)} />
      <PlatePopup visible={popup === 'query'} title="输入车牌" confirmText="查询停车费" onConfirm={queryPlate} onClose={() => setPopup(null)} />
    </View>
  );
};

export default DriverHome;
