export default definePageConfig({
  navigationBarTitleText: '无牌车入场',
});
