export default definePageConfig({
  navigationBarTitleText: '月度账单',
});
