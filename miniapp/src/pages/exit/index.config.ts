export default definePageConfig({
  navigationBarTitleText: '出口缴费',
});
