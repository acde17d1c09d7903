export default defineAppConfig({
  pages: ['pages/index/index', 'pages/pay/index', 'pages/paid/index', 'pages/exit/index', 'pages/entry/index', 'pages/claim/index', 'pages/coupons/index', 'pages/club/index', 'pages/history/index', 'pages/merchant/index', 'pages/merchant-grant/index', 'pages/merchant-grants/index', 'pages/merchant-claim-codes/index', 'pages/merchant-statement/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '停车缴费',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
});
