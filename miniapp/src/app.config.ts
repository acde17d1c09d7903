export default defineAppConfig({
  pages: ['pages/index/index', 'pages/pay/index', 'pages/paid/index', 'pages/merchant/index'],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '停车缴费',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f7',
  },
});
