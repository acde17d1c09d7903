export default definePageConfig({
  navigationBarTitleText: '停车记录',
});
