import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import { ApiError } from '../../api/apiError.js';
import { bindPhone, fetchBoundPlates } from '../../api/driverAccount.js';
import { fetchMemberCards, fetchPointsHistory, joinClub, type MemberCard, type PointsHistory } from '../../api/driverClub.js';
import { refusalText } from '../../api/refusalText.js';
import { simulatedPhoneCode } from '../../auth/driverLogin.js';
import { benefitLines, memberStatusText, pointsEntryLine } from '../../club/memberCardText.js';
import { lotTimeText } from '../../pay/feeBreakdown.js';
import { lastLot } from '../../scan/lastLot.js';
import { Card } from '../../ui/Card.js';
import { Button } from '../../ui/nutui.js';
import { Loadable } from '../../ui/Loadable.js';
import { StateNotice } from '../../ui/StateNotice.js';
import { useLoad, type Loaded } from '../../ui/useLoad.js';
import './index.css';

const MemberCardView = ({ card }: { card: MemberCard }) => {
  const [points, setPoints] = useState<Loaded<PointsHistory> | null>(null);
  const showPoints = async () => {
    setPoints({ state: 'loading' });
    try {
      setPoints({ state: 'ready', value: await fetchPointsHistory(card.membershipId) });
    } catch (error) {
      setPoints({ state: 'failed', message: refusalText(error) });
    }
  };
  return (
    <View className="member">
      <View className={`member__card member__card--rank-${Math.min(card.tier.rank, 3)}`}>
        <View className="member__top">
          <Text className="member__tier">{card.tier.name}</Text>
          <Text className="member__plate">{card.plate}</Text>
        </View>
        <Text className="member__points">{card.pointsBalance}</Text>
        <Text className="member__points-label">可用积分</Text>
        <Text className="member__status">
          {memberStatusText(card)} · 有效期至 {lotTimeText(card.validUntil).slice(0, 10)}
        </Text>
      </View>
      <Card title="会员权益">
        {benefitLines(card).map((line) => (
          <Text key={line} className="member__benefit">
            {line}
          </Text>
        ))}
        <Text className="member__benefit member__benefit--note">出口识别车牌后自动享受，无需出示手机{card.autoRedeemPoints ? '；积分自动抵扣停车费' : ''}</Text>
      </Card>
      <Card
        title="积分明细"
        extra={
          points === null ? (
            <Text className="card__link" onClick={() => void showPoints()}>
              查看
            </Text>
          ) : undefined
        }
      >
        {points !== null && (
          <Loadable
            loaded={points}
            what="积分明细"
            onRetry={() => void showPoints()}
            empty={{ when: ({ entries }) => entries.length === 0, title: '暂无积分记录', description: '停车缴费后按会员等级累积积分' }}
          >
            {({ entries }) =>
              entries.map((entry) => {
                const line = pointsEntryLine(entry);
                return (
                  <View key={entry.entryId} className="points-line">
                    <View>
                      <Text className="points-line__title">{line.title}</Text>
                      <Text className="points-line__time">{line.time}</Text>
                    </View>
                    <Text className={`points-line__points${entry.points > 0 ? ' points-line__points--plus' : ''}`}>{line.points}</Text>
                  </View>
                );
              })
            }
          </Loadable>
        )}
      </Card>
    </View>
  );
};

/** The club: the driver's member cards, and joining with a bound plate (a verified phone first). */
const ClubPage = () => {
  const lotId = lastLot();
  const [cards, reloadCards] = useLoad(fetchMemberCards);
  const [plates] = useLoad(fetchBoundPlates);
  const [joining, setJoining] = useState(false);
  const [needsPhone, setNeedsPhone] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const members = cards.state === 'ready' ? cards.value.memberships : [];
  const live = members.filter((card) => card.status !== 'CANCELLED' && card.status !== 'LAPSED');
  const candidates = plates.state === 'ready' ? plates.value.plates.map(({ plate }) => plate).filter((plate) => !live.some((card) => card.plate === plate)) : [];

  const join = useCallback(
    async (plate: string) => {
      if (lotId === null) return;
      setJoining(true);
      setProblem(null);
      try {
        await joinClub(lotId, plate);
        await reloadCards();
        void Taro.showToast({ title: '已加入会员', icon: 'success' });
      } catch (error) {
        const reason = error instanceof ApiError && typeof error.details === 'object' && error.details !== null ? (error.details as { reason?: unknown }).reason : undefined;
        if (reason === 'phoneNotVerified') setNeedsPhone(true);
        setProblem(refusalText(error));
      } finally {
        setJoining(false);
      }
    },
    [lotId, reloadCards],
  );

  const verifyPhone = async (code: string | undefined) => {
    if (!code) {
      setProblem('需要授权手机号才能加入会员');
      return;
    }
    try {
      const { phone } = await bindPhone(code);
      setNeedsPhone(false);
      setProblem(null);
      void Taro.showToast({ title: `已验证 ${phone}`, icon: 'none' });
    } catch (error) {
      setProblem(refusalText(error));
    }
  };

  return (
    <View className="page club">
      <Text className="page__title">会员卡</Text>
      <Text className="page__subtitle">一车一卡：会员权益跟随车牌，出口自动识别</Text>

      <Loadable loaded={cards} what="会员卡" onRetry={() => void reloadCards()}>
        {() => live.map((card) => <MemberCardView key={card.membershipId} card={card} />)}
      </Loadable>

      {cards.state === 'ready' && (
        <Card title={live.length === 0 ? '加入会员' : '再加一辆车'}>
          {lotId === null ? (
            <StateNotice kind="empty" title="请先扫描车场内的二维码" description="会员按车场办理，扫码后即可加入" />
          ) : plates.state === 'ready' && plates.value.plates.length === 0 ? (
            <StateNotice kind="empty" title="还没有绑定车牌" description="请先在首页添加车牌，再用车牌加入会员" action={{ text: '去添加', onClick: () => void Taro.reLaunch({ url: '/pages/index/index' }) }} />
          ) : candidates.length === 0 ? (
            <Text className="club__hint">您绑定的车牌都已是会员</Text>
          ) : (
            candidates.map((plate) => (
              <View key={plate} className="club__join">
                <Text className="club__plate">{plate}</Text>
                <Button size="small" type="primary" loading={joining} disabled={joining} onClick={() => void join(plate)}>
                  加入会员
                </Button>
              </View>
            ))
          )}
          {problem && <Text className="club__problem">{problem}</Text>}
          {needsPhone &&
            (process.env.TARO_ENV === 'h5' ? (
              <Button block type="primary" fill="outline" onClick={() => void verifyPhone(simulatedPhoneCode())}>
                验证手机号（模拟）
              </Button>
            ) : (
              <Button block type="primary" fill="outline" openType="getPhoneNumber" onGetPhoneNumber={(event) => void verifyPhone(event.detail.code)}>
                授权手机号
              </Button>
            ))}
        </Card>
      )}
    </View>
  );
};

export default ClubPage;
